//! `triplink cr list|get|put`: the Connection Requests queue as a table or JSON (request
//! tokens are never printed), and a status PUT for one request.

use crate::args::{Cli, CrCommand};
use crate::error::{failed, CliError};
use crate::session::Session;
use triplink::api::connection_requests::ListParams;
use triplink::client::ConnectionRequestsClient;
use triplink::matching::normalize::mask_name;
use triplink::model::{ConnectionRequest, CrVersion, StatusCode};

/// The request without its single-use token (kept out of terminals and logs).
fn shown(cr: &ConnectionRequest) -> ConnectionRequest {
    ConnectionRequest {
        request_token: None,
        ..cr.clone()
    }
}

fn table(items: &[ConnectionRequest]) -> String {
    let mut out = format!(
        "{:<38} {:<22} {:<14} {:<9} last modified\n",
        "id", "traveller", "loyalty", "status"
    );
    for c in items {
        out += &format!(
            "{:<38} {:<22} {:<14} {:<9} {}\n",
            c.id,
            mask_name(c.first_name.as_deref(), c.last_name.as_deref()),
            c.loyalty_number
                .as_deref()
                .map(mask_loyalty)
                .unwrap_or_default(),
            c.status.as_deref().unwrap_or(""),
            c.last_modified_raw.as_deref().unwrap_or("")
        );
    }
    out
}

/// `1234567890` → `••••••7890`.
fn mask_loyalty(n: &str) -> String {
    let chars: Vec<char> = n.chars().collect();
    let keep = chars.len().min(4);
    let hidden = chars.len() - keep;
    "•".repeat(hidden) + &chars[hidden..].iter().collect::<String>()
}

/// `v` as pretty JSON.
pub fn json<T: serde::Serialize>(v: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(v).map_err(|e| failed("JSON", e))
}

/// Runs `cr list|get|put`.
pub async fn run(cli: &Cli, command: &CrCommand) -> Result<(), CliError> {
    let session = Session::open(cli)?;
    let key = match command {
        CrCommand::List { key, .. } | CrCommand::Get { key, .. } | CrCommand::Put { key, .. } => {
            key
        }
    };
    let client = ConnectionRequestsClient::new(session.api(key), CrVersion::V3_2);
    match command {
        CrCommand::List {
            limit,
            all,
            json: as_json,
            ..
        } => {
            let items: Vec<ConnectionRequest> = if *all {
                let walked = client.list_all((*limit).clamp(1, 10)).await;
                if let Some(e) = walked.stopped {
                    return Err(failed("listing stopped", e));
                }
                walked.items
            } else {
                let params = ListParams {
                    limit: Some((*limit).clamp(1, 10)),
                    ..ListParams::default()
                };
                client
                    .list_page(&params)
                    .await
                    .map_err(|e| failed("listing failed", e))?
                    .value
                    .items
            };
            let items: Vec<ConnectionRequest> = items.iter().map(shown).collect();
            if *as_json {
                println!("{}", json(&items)?);
            } else {
                print!("{}", table(&items));
                println!("{} request(s)", items.len());
            }
        }
        CrCommand::Get {
            id, json: as_json, ..
        } => {
            let cr = shown(
                &client
                    .get(id)
                    .await
                    .map_err(|e| failed(&format!("request {id}"), e))?
                    .value,
            );
            if *as_json {
                println!("{}", json(&cr)?);
            } else {
                print!("{}", table(std::slice::from_ref(&cr)));
            }
        }
        CrCommand::Put { id, status, .. } => {
            let code = StatusCode::parse(status);
            if let StatusCode::Other(s) = &code {
                return Err(CliError::Failed(format!("{s}: not a TripLink status code")));
            }
            let traced = client
                .update_status(id, &code)
                .await
                .map_err(|e| failed(&format!("PUT {id}"), e))?;
            println!(
                "{id}: {} ({}){}",
                code.as_str(),
                code.meaning(),
                traced
                    .correlation_id
                    .map(|c| format!(", correlation id {c}"))
                    .unwrap_or_default()
            );
        }
    }
    Ok(())
}
