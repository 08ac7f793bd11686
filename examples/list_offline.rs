//! Builds a v3.2 list request and parses a canned page, with no network: the sans-IO pair a
//! caller with its own HTTP stack uses.

use triplink::api::connection_requests::{build_list_request, parse_list_response, ListParams};
use triplink::model::CrVersion;
use triplink::transport::HttpResponse;
use triplink::{ApiConfig, Secret};

const PAGE: &str = r#"<ConnectionRequests xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Items>
<ConnectionRequest><ID>5e6b</ID><firstName>Zoë</firstName><middleName xsi:nil="true"/><lastName>O'Brien</lastName>
<loyaltyNumber>1234</loyaltyNumber><status>Pending</status><requestToken>rt-1</requestToken>
<lastModified>2022-11-02T09:39:21</lastModified><userId>0c1d</userId></ConnectionRequest></Items>
<NextPage>https://us.api.concursolutions.com/api/v3.2/common/connectionrequests/?limit=1&amp;offset=1</NextPage></ConnectionRequests>"#;

fn main() -> Result<(), triplink::TriplinkError> {
    let config = ApiConfig::new("https://us.api.concursolutions.com")?;
    let request = build_list_request(
        &config,
        CrVersion::V3_2,
        &Secret::new("access-token"),
        &ListParams {
            limit: Some(1),
            ..Default::default()
        },
    )?;
    println!("{} {}", request.method.as_str(), request.url);
    let page = parse_list_response(&HttpResponse::new(200, PAGE), &config)?;
    for r in &page.items {
        println!(
            "{} {:?} {:?} token={:?}",
            r.id, r.first_name, r.last_name, r.request_token
        );
    }
    println!("next: {:?}", page.next_page);
    Ok(())
}
