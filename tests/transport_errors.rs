//! Transport failures keep their kind over real sockets on loopback — a closed port (refused),
//! a name that cannot resolve (DNS), TLS spoken to a plain-HTTP server, a listener whose
//! backlog is full (connect timeout), a server that accepts and never answers (read timeout) —
//! each with its cause in the message; and a call's total deadline across retries holds when
//! the server never answers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};
use triplink::flow::retry::{RetryPolicy, RetrySafety};
use triplink::runtime::native_executor_with;
use triplink::transport::{
    HttpRequest, Method, ReqwestTransport, Transport, TransportError, TransportErrorKind,
};
use triplink::{ErrorCode, TriplinkError};

async fn send(url: &str, timeout_ms: u64, connect_ms: u64) -> TransportError {
    let t = ReqwestTransport::with_connect_timeout_ms(connect_ms).unwrap();
    let mut req = HttpRequest::new(Method::Get, url);
    req.timeout_ms = Some(timeout_ms);
    t.send(req).await.unwrap_err()
}

fn check(e: &TransportError, kind: TransportErrorKind, code: ErrorCode, cause: &[&str]) {
    eprintln!("{e}");
    assert_eq!(e.kind, kind, "{e}");
    assert_eq!(TriplinkError::Transport(e.clone()).code(), code);
    let m = e.message.to_ascii_lowercase();
    assert!(cause.iter().any(|c| m.contains(c)), "cause missing: {e}");
}

#[tokio::test]
async fn a_closed_port_is_refused() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let e = send(
        &format!("http://127.0.0.1:{port}/x?token=SECRET"),
        2000,
        2000,
    )
    .await;
    check(
        &e,
        TransportErrorKind::Refused,
        ErrorCode::Network,
        &["refused"],
    );
    assert!(!e.message.contains("SECRET"), "query cut: {e}");
}

#[tokio::test]
async fn an_unresolvable_name_is_a_dns_failure() {
    let e = send("http://nonexistent.invalid/", 5000, 5000).await;
    check(
        &e,
        TransportErrorKind::Dns,
        ErrorCode::Network,
        &["dns", "lookup", "resolve", "name"],
    );
}

#[tokio::test]
async fn tls_to_a_plain_http_port_is_a_tls_failure() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut s in listener.incoming().flatten() {
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let e = send(&format!("https://{addr}/"), 3000, 3000).await;
    check(
        &e,
        TransportErrorKind::Tls,
        ErrorCode::Network,
        &[
            "tls",
            "certificate",
            "handshake",
            "corrupt",
            "invalidcontenttype",
        ],
    );
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_read_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    // Accepts (the kernel completes the handshake) and never answers.
    let _held = std::thread::spawn(move || {
        let conns: Vec<TcpStream> = listener.incoming().take(4).flatten().collect();
        std::thread::sleep(Duration::from_secs(5));
        drop(conns);
    });
    let e = send(&format!("http://{addr}/"), 300, 2000).await;
    check(
        &e,
        TransportErrorKind::ReadTimeout,
        ErrorCode::Timeout,
        &["timed out", "timeout"],
    );
    assert!(
        !e.kind.before_sending(),
        "a read timeout may have reached the server"
    );
}

/// A listener with a backlog of 1 that never accepts, its queue filled until a new connection
/// hangs in the handshake (the kernel drops the SYN).
fn full_listener() -> (tokio::net::TcpListener, SocketAddr, Vec<TcpStream>) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..64 {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(s) => fillers.push(s),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => return (listener, addr, fillers),
            Err(e) => panic!("unexpected connect failure: {e}"),
        }
    }
    panic!("the backlog never filled");
}

#[tokio::test]
async fn a_handshake_that_never_completes_is_a_connect_timeout() {
    let (_listener, addr, _fillers) = full_listener();
    let started = Instant::now();
    let e = send(&format!("http://{addr}/"), 20_000, 400).await;
    check(
        &e,
        TransportErrorKind::ConnectTimeout,
        ErrorCode::Timeout,
        &["timed out", "timeout", "deadline has elapsed"],
    );
    assert!(
        e.kind.before_sending(),
        "a connect timeout never sent the request"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the connect timeout, not the request's 20 s"
    );
}

#[tokio::test]
async fn a_call_to_a_silent_server_ends_at_its_total_deadline() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let _held = std::thread::spawn(move || {
        let conns: Vec<TcpStream> = listener.incoming().take(8).flatten().collect();
        std::thread::sleep(Duration::from_secs(20));
        drop(conns);
    });
    let exec = native_executor_with(
        RetryPolicy {
            total_deadline_ms: Some(1500),
            ..RetryPolicy::default()
        },
        1000,
    )
    .unwrap();
    // The request keeps the API's default 30 s timeout; the deadline cuts it.
    let base = triplink::ApiConfig::new(&format!("http://{addr}")).unwrap();
    let mut req = HttpRequest::new(Method::Get, format!("{}/api", base.base_url()));
    req.timeout_ms = base.timeout_ms;
    let started = Instant::now();
    let e = exec
        .send(req.with_retry_safety(RetrySafety::SafeToRepeat))
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert_eq!(e.code(), ErrorCode::Timeout, "{e}");
    assert!(
        took < Duration::from_secs(10),
        "took {took:?}, not 4 × 30 s"
    );
    eprintln!("silent server: failed after {took:?}: {e}");
    assert!(e.to_string().contains("deadline"), "{e}");
}
