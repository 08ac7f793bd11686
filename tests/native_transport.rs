//! The reqwest transport and the retrying executor over real loopback HTTP: statuses come back
//! as responses, redirects are not followed, timeouts and refused connections get their kinds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use triplink::flow::retry::RetrySafety;
use triplink::runtime::native_executor;
use triplink::transport::{HttpRequest, Method, ReqwestTransport, Transport, TransportErrorKind};
use triplink::ErrorCode;

/// Serves canned raw HTTP answers in order, one per connection; counts connections.
async fn serve(answers: Vec<&'static str>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    tokio::spawn(async move {
        for answer in answers {
            let (mut sock, _) = listener.accept().await.unwrap();
            h.fetch_add(1, Ordering::SeqCst);
            let mut buf = vec![0u8; 8192];
            let _ = sock.read(&mut buf).await;
            if answer == "HANG" {
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                continue;
            }
            let _ = sock.write_all(answer.as_bytes()).await;
            let _ = sock.shutdown().await;
        }
    });
    (format!("http://{addr}"), hits)
}

#[tokio::test]
async fn retries_503_then_returns_the_200_body() {
    let (base, hits) = serve(vec![
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        "HTTP/1.1 200 OK\r\nconcur-correlationid: abc\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
    ])
    .await;
    let ex = native_executor().unwrap();
    let out = ex
        .send(
            HttpRequest::new(Method::Get, format!("{base}/x"))
                .with_retry_safety(RetrySafety::SafeToRepeat),
        )
        .await
        .unwrap();
    assert_eq!(out.response.status, 200);
    assert_eq!(out.response.body, b"ok");
    assert_eq!(out.response.correlation_id(), Some("abc"));
    assert_eq!((out.attempts, hits.load(Ordering::SeqCst)), (2, 2));
}

#[tokio::test]
async fn redirects_are_returned_not_followed() {
    let (base, hits) = serve(vec![
        "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    ])
    .await;
    let t = ReqwestTransport::new().unwrap();
    let r = t
        .send(HttpRequest::new(Method::Get, format!("{base}/r")))
        .await
        .unwrap();
    assert_eq!(r.status, 302);
    assert_eq!(r.header("location"), Some("http://127.0.0.1:1/elsewhere"));
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn timeout_and_refused_connection_have_their_kinds() {
    let (base, _) = serve(vec!["HANG"]).await;
    let t = ReqwestTransport::new().unwrap();
    let mut req = HttpRequest::new(Method::Post, format!("{base}/slow"));
    req.timeout_ms = Some(200);
    let e = t.send(req).await.unwrap_err();
    assert_eq!(e.kind, TransportErrorKind::ReadTimeout);

    // Bind then drop a listener: its port now refuses connections.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let e = t
        .send(HttpRequest::new(
            Method::Get,
            format!("http://127.0.0.1:{port}/?token=SECRET"),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.kind, TransportErrorKind::Refused);
    assert!(!e.message.contains("SECRET"), "{}", e.message);
    let err = triplink::TriplinkError::from(e);
    assert_eq!(err.code(), ErrorCode::Network);
}
