//! `triplink requests list|get` and `proposals post`: Request v4 through the core's
//! `RequestsClient` (a user's token, or a company token acting as --user-id, as TMCs do) and
//! its `ProposalBatch`, printed as a table or JSON.

use crate::args::Cli;
use crate::cr_cmd::json;
use crate::error::{failed, CliError};
use crate::session::Session;
use crate::travel_args::{ProposalsCommand, RequestsCommand, ViewName};
use triplink::api::request_v4::{ListRequestsParams, View};
use triplink::client::RequestsClient;
use triplink::model::request_v4::{AgencyProposal, ProposalBatch, Request};

fn client(cli: &Cli, key: &str, user_id: Option<&str>) -> Result<RequestsClient, CliError> {
    let api = Session::open(cli)?.api(key);
    match user_id {
        Some(u) => RequestsClient::for_company(api, u).map_err(|e| failed("--user-id", e)),
        None => Ok(RequestsClient::for_user(api)),
    }
}

fn view(v: ViewName) -> View {
    match v {
        ViewName::All => View::All,
        ViewName::Active => View::Active,
        ViewName::Pending => View::Pending,
        ViewName::PendingProposal => View::PendingProposal,
        ViewName::ProposalApproved => View::ProposalApproved,
        ViewName::ProposalCanceled => View::ProposalCanceled,
    }
}

fn table(items: &[Request]) -> String {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut out = format!(
        "{:<34} {:<8} {:<24} {:<12} {:<12} {:<12} owner\n",
        "id", "number", "name", "status", "start", "end"
    );
    for r in items {
        let owner = r
            .owner
            .as_ref()
            .map(|o| {
                triplink::matching::normalize::mask_name(
                    o.first_name.as_deref(),
                    o.last_name.as_deref(),
                )
            })
            .unwrap_or_default();
        out += &format!(
            "{:<34} {:<8} {:<24} {:<12} {:<12} {:<12} {}\n",
            s(&r.id),
            s(&r.request_id),
            s(&r.name),
            r.approval_status
                .as_ref()
                .map(|a| a.code.as_str().to_owned())
                .unwrap_or_default(),
            s(&r.start_date),
            s(&r.end_date),
            owner
        );
    }
    out
}

/// Runs `requests list|get`.
pub async fn requests(cli: &Cli, command: &RequestsCommand) -> Result<(), CliError> {
    match command {
        RequestsCommand::List {
            key,
            user_id,
            view: v,
            json: as_json,
        } => {
            let params = ListRequestsParams {
                view: Some(view(*v)),
                ..ListRequestsParams::default()
            };
            let walked = client(cli, key, user_id.as_deref())?
                .list_all(&params)
                .await;
            if let Some(e) = walked.stopped {
                return Err(failed("listing requests stopped", e));
            }
            if *as_json {
                println!("{}", json(&walked.items)?);
            } else {
                print!("{}", table(&walked.items));
                println!("{} request(s)", walked.items.len());
            }
        }
        RequestsCommand::Get {
            id,
            key,
            user_id,
            json: as_json,
        } => {
            let r = client(cli, key, user_id.as_deref())?
                .get(id)
                .await
                .map_err(|e| failed(&format!("request {id}"), e))?
                .value;
            if *as_json {
                println!("{}", json(&r)?);
            } else {
                print!("{}", table(std::slice::from_ref(&r)));
            }
        }
    }
    Ok(())
}

/// Reads FILE.json (an array of 1..=3 proposal objects) into a batch under `batch_id`; the
/// batch fields the file may leave out are filled here, and `ProposalBatch::add` sets them.
fn read_batch(file: &std::path::Path, batch_id: &str) -> Result<ProposalBatch, CliError> {
    let where_ = format!("proposals file {}", file.display());
    let text = std::fs::read_to_string(file).map_err(|e| failed(&where_, e))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| failed(&where_, e))?;
    let serde_json::Value::Array(items) = value else {
        return Err(failed(&where_, "expected a JSON array of proposals"));
    };
    let size = u8::try_from(items.len()).unwrap_or(u8::MAX);
    let mut batch =
        ProposalBatch::start_new_batch(batch_id, size).map_err(|e| failed(&where_, e))?;
    for (i, mut item) in items.into_iter().enumerate() {
        let n = i + 1;
        let Some(obj) = item.as_object_mut() else {
            return Err(failed(
                &where_,
                format!("proposal {n} is not a JSON object"),
            ));
        };
        for (k, v) in [
            ("providerMessageId", serde_json::json!(batch_id)),
            ("proposalBatchSize", serde_json::json!(size)),
            ("proposalOrder", serde_json::json!(n)),
            ("booked", serde_json::json!(false)),
        ] {
            obj.entry(k).or_insert(v);
        }
        let p: AgencyProposal = serde_json::from_value(item)
            .map_err(|e| failed(&format!("{where_}: proposal {n}"), e))?;
        batch
            .add(n as u8, p)
            .map_err(|e| failed(&format!("{where_}: proposal {n}"), e))?;
    }
    Ok(batch)
}

/// Runs `proposals post`.
pub async fn proposals(cli: &Cli, command: &ProposalsCommand) -> Result<(), CliError> {
    let ProposalsCommand::Post {
        request,
        file,
        batch_id,
        key,
        user_id,
    } = command;
    let batch = read_batch(file, batch_id)?;
    let posted = client(cli, key, user_id.as_deref())?
        .post_batch(request, &batch)
        .await
        .map_err(|e| failed(&format!("posting proposals for {request}"), e))?;
    for p in &posted {
        println!(
            "proposal {}/{} of batch {}: {} {}",
            p.proposal_order,
            p.proposal_batch_size,
            p.provider_message_id,
            p.total_posted_amount.value,
            p.total_posted_amount.currency
        );
    }
    println!("{} proposal(s) posted", posted.len());
    Ok(())
}
