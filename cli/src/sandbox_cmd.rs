//! `triplink sandbox`: serve the built-in Concur emulator (both data centres) until Ctrl-C,
//! printing where it listens and the demo credentials.

use crate::args::SandboxArgs;
use crate::error::{failed, CliError};
use triplink_sandbox::{demo, RunningSandbox, SandboxConfig};

/// Runs the sandbox until Ctrl-C.
pub async fn run(args: &SandboxArgs) -> Result<(), CliError> {
    let config = SandboxConfig {
        us_port: args.port,
        eu_port: if args.port == 0 {
            0
        } else {
            args.port.checked_add(1).ok_or_else(|| {
                CliError::Failed(format!(
                    "--port {}: the eu data centre needs the next port",
                    args.port
                ))
            })?
        },
        demo_data: !args.no_demo,
        seed_requests: args.seed_requests,
    };
    let sb = RunningSandbox::start(config)
        .await
        .map_err(|e| failed("cannot start the sandbox", e))?;
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
    if args.seed_requests > 0 {
        println!(
            "  seeded:       {} requests; members at GET {}/_sandbox/seed/members.csv",
            args.seed_requests,
            sb.us_url()
        );
    }
    println!("  PUT log:      GET {}/_sandbox/puts", sb.us_url());
    let _ = tokio::signal::ctrl_c().await;
    sb.shutdown();
    Ok(())
}
