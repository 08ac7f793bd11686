//! `cargo run -p triplink-sandbox -- [--port N] [--seed-requests N] [--no-demo]`: runs the
//! sandbox until Ctrl-C, printing the URLs of both data centres (the "eu" one listens on N+1;
//! `--port 0` picks free ports). `--seed-requests N` adds N users with one pending connection
//! request each; their members file is served at `GET /_sandbox/seed/members.csv`.

use triplink_sandbox::{demo, RunningSandbox, SandboxConfig};

const USAGE: &str = "usage: triplink-sandbox [--port N] [--seed-requests N] [--no-demo]";

/// The command line, read into a start configuration.
fn config_from_args(args: &[String]) -> Result<SandboxConfig, String> {
    let mut config = SandboxConfig {
        us_port: 8080,
        ..SandboxConfig::default()
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
                .cloned()
        };
        match a.as_str() {
            "--port" => {
                config.us_port = value("--port")?
                    .parse()
                    .map_err(|_| format!("--port needs a port number\n{USAGE}"))?
            }
            "--seed-requests" => {
                config.seed_requests = value("--seed-requests")?
                    .parse()
                    .map_err(|_| format!("--seed-requests needs a count\n{USAGE}"))?
            }
            "--no-demo" => config.demo_data = false,
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    config.eu_port = if config.us_port == 0 {
        0
    } else {
        config.us_port.saturating_add(1)
    };
    Ok(config)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match config_from_args(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let seeded = config.seed_requests;
    let sb = match RunningSandbox::start(config).await {
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
    if seeded > 0 {
        println!(
            "  seeded:       {seeded} requests; members at GET {}/_sandbox/seed/members.csv",
            sb.us_url()
        );
    }
    println!("  admin:        POST {}/_sandbox/clock/advance?secs=N, POST/DELETE /_sandbox/faults, GET /_sandbox/puts, POST /_sandbox/seed?requests=N, GET /_sandbox/counters", sb.us_url());
    let _ = tokio::signal::ctrl_c().await;
    sb.shutdown();
}
