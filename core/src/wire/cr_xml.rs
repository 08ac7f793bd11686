//! XML codec for Connection Requests (the API's default when no `Accept` is sent): any version's
//! casing, `Items` holding `ConnectionRequest` elements or the fields directly (swagger example),
//! `xsi:nil`, no namespace on the root.

use super::cr_json::split_date;
use super::datetime::format_utc_zoneless;
use super::xml_tree::{escape, parse_document, write_text_or_nil, XmlElement};
use crate::error::{Result, TriplinkError};
use crate::model::{ConnectionRequest, ConnectionRequestPage, CrVersion, CreateResponse};
use crate::Secret;

fn request_from(el: &XmlElement) -> ConnectionRequest {
    let emails = el.child("emailAddresses");
    let email = |i: usize| emails.and_then(|e| e.child_text(&format!("email{i}")));
    let (last_modified, last_modified_raw) = split_date(el.child_text("lastModified"));
    ConnectionRequest {
        id: el.child_text("ID").unwrap_or_default(),
        uri: el.child_text("URI"),
        first_name: el.child_text("firstName"),
        middle_name: el.child_text("middleName"),
        last_name: el.child_text("lastName"),
        loyalty_number: el.child_text("loyaltyNumber"),
        status: el.child_text("status"),
        request_token: el.child_text("requestToken").map(Secret::new),
        last_modified,
        last_modified_raw,
        user_id: el.child_text("userId"),
        email_addresses: [email(1), email(2), email(3), email(4), email(5)],
    }
}

fn looks_like_request(el: &XmlElement) -> bool {
    el.child("ID").is_some() || el.child("requestToken").is_some() || el.child("lastName").is_some()
}

/// Reads a page: `<ConnectionRequests>` or `<ConnectionRequestCollection>` root.
pub fn read_page(text: &str) -> Result<ConnectionRequestPage> {
    let root = parse_document(text)?;
    let mut items = Vec::new();
    if let Some(list) = root.child("Items") {
        if looks_like_request(list) {
            items.push(request_from(list));
        } else {
            items.extend(list.elements().map(request_from));
        }
    } else if looks_like_request(&root) {
        return Err(TriplinkError::decode(
            "xml",
            "expected a page of connection requests, found a single request",
        ));
    }
    Ok(ConnectionRequestPage {
        items,
        next_page: root.child_text("NextPage"),
    })
}

/// Reads one request (`<ConnectionRequest>` / `<ConnectionRequestGet>` root).
pub fn read_request(text: &str) -> Result<ConnectionRequest> {
    let root = parse_document(text)?;
    if !looks_like_request(&root) {
        return Err(TriplinkError::decode(
            "xml",
            format!("unexpected root <{}>", root.name),
        ));
    }
    Ok(request_from(&root))
}

/// Reads `<CreateResponse><ID/><URI/></CreateResponse>`.
pub fn read_create_response(text: &str) -> Result<CreateResponse> {
    let root = parse_document(text)?;
    let id = root
        .child_text("ID")
        .ok_or_else(|| TriplinkError::decode("xml", "CreateResponse has no ID"))?;
    Ok(CreateResponse {
        id,
        uri: root.child_text("URI"),
    })
}

fn tag(version: CrVersion, camel: &'static str) -> String {
    if version.is_pascal_case() {
        let mut c = camel.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    } else {
        camel.to_owned()
    }
}

/// Writes one `<ConnectionRequest>` element in `version`'s shape.
pub fn write_request(out: &mut String, r: &ConnectionRequest, version: CrVersion) {
    out.push_str("<ConnectionRequest>");
    write_text_or_nil(out, "ID", Some(&r.id));
    write_text_or_nil(out, "URI", r.uri.as_deref());
    let fields: [(&str, Option<String>); 7] = [
        ("firstName", r.first_name.clone()),
        ("middleName", r.middle_name.clone()),
        ("lastName", r.last_name.clone()),
        ("loyaltyNumber", r.loyalty_number.clone()),
        ("status", r.status.clone()),
        (
            "requestToken",
            r.request_token.as_ref().map(|t| t.expose().to_owned()),
        ),
        (
            "lastModified",
            r.last_modified
                .map(format_utc_zoneless)
                .or_else(|| r.last_modified_raw.clone()),
        ),
    ];
    for (name, value) in fields {
        write_text_or_nil(out, &tag(version, name), value.as_deref());
    }
    if version == CrVersion::V3_2 {
        write_text_or_nil(out, "userId", r.user_id.as_deref());
    }
    if version != CrVersion::V3_0 {
        let outer = tag(version, "emailAddresses");
        out.push_str(&format!("<{outer}>"));
        for (i, e) in r.email_addresses.iter().enumerate() {
            write_text_or_nil(
                out,
                &format!("{}{}", tag(version, "email"), i + 1),
                e.as_deref(),
            );
        }
        out.push_str(&format!("</{outer}>"));
    }
    out.push_str("</ConnectionRequest>");
}

/// Writes a page as the API does (no default namespace; xsd/xsi prefixes declared).
pub fn write_page(page: &ConnectionRequestPage, version: CrVersion) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><ConnectionRequests xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><Items>",
    );
    for r in &page.items {
        write_request(&mut out, r, version);
    }
    out.push_str("</Items>");
    match &page.next_page {
        Some(n) => out.push_str(&format!("<NextPage>{}</NextPage>", escape(n))),
        None => out.push_str("<NextPage xsi:nil=\"true\"/>"),
    }
    out.push_str("</ConnectionRequests>");
    out
}

/// The v3.0/3.1 PUT body as XML (the legacy flow's shape).
pub fn status_body(code: &str) -> String {
    format!(
        "<ConnectionRequest><Status>{}</Status></ConnectionRequest>",
        escape(code)
    )
}
