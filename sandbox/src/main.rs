//! `cargo run -p triplink-sandbox -- --port N`: runs the sandbox until Ctrl-C, printing the URLs
//! of both data centres (the "eu" one listens on N+1; `--port 0` picks free ports).

use triplink_sandbox::{demo, RunningSandbox, SandboxConfig};

fn port_arg() -> Result<u16, String> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == "--port") {
        None => Ok(8080),
        Some(i) => args
            .get(i + 1)
            .and_then(|p| p.parse().ok())
            .ok_or_else(|| "usage: triplink-sandbox [--port N]".to_owned()),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let port = match port_arg() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let eu_port = if port == 0 { 0 } else { port.saturating_add(1) };
    let sb = match RunningSandbox::start(SandboxConfig {
        us_port: port,
        eu_port,
        demo_data: true,
    })
    .await
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot start the sandbox: {e}");
            std::process::exit(1);
        }
    };
    println!("triplink sandbox");
    println!("  us (and GLZ): {}", sb.us_url());
    println!("  eu:           {}", sb.eu_url());
    println!(
        "  app:          {} / {}",
        demo::DEMO_CLIENT_ID,
        demo::DEMO_CLIENT_SECRET
    );
    println!(
        "  supplier:     {} / {}",
        demo::SUPPLIER_LOGIN,
        demo::SUPPLIER_PASSWORD
    );
    println!("  admin:        POST {}/_sandbox/clock/advance?secs=N, POST/DELETE /_sandbox/faults, GET /_sandbox/puts", sb.us_url());
    let _ = tokio::signal::ctrl_c().await;
    sb.shutdown();
}
