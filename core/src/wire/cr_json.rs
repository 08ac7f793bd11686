//! JSON codec for Connection Requests: v3.2 camelCase (but `ID`/`URI`) and v3.0/3.1 PascalCase,
//! `Items` as an array or a single object (the swagger defect), `null` anywhere optional.

use super::datetime::{format_utc_zoneless, parse_utc_lenient};
use super::json_errors::from_json;
use crate::error::Result;
use crate::model::{ConnectionRequest, ConnectionRequestPage, CrVersion, CreateResponse};
use crate::Secret;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// `Items`: a list, or one object (the swagger's shape). Read by its JSON kind rather than
/// as an untagged enum, so an error inside an item names the item's field.
enum OneOrMany {
    Many(Vec<JsonRequest>),
    One(Box<JsonRequest>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Kind;
        impl<'de> serde::de::Visitor<'de> for Kind {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of connection requests or one connection request")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> std::result::Result<OneOrMany, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(OneOrMany::Many)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<OneOrMany, A::Error> {
                JsonRequest::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|one| OneOrMany::One(Box::new(one)))
            }
        }
        d.deserialize_any(Kind)
    }
}

#[derive(Deserialize)]
struct JsonPage {
    #[serde(rename = "Items", alias = "items")]
    items: Option<OneOrMany>,
    #[serde(rename = "NextPage", alias = "nextPage")]
    next_page: Option<String>,
}

#[derive(Deserialize, Default)]
struct JsonEmails {
    #[serde(rename = "email1", alias = "Email1")]
    e1: Option<String>,
    #[serde(rename = "email2", alias = "Email2")]
    e2: Option<String>,
    #[serde(rename = "email3", alias = "Email3")]
    e3: Option<String>,
    #[serde(rename = "email4", alias = "Email4")]
    e4: Option<String>,
    #[serde(rename = "email5", alias = "Email5")]
    e5: Option<String>,
}

#[derive(Deserialize)]
struct JsonRequest {
    #[serde(rename = "ID", alias = "id", alias = "Id")]
    id: Option<String>,
    #[serde(rename = "URI", alias = "uri", alias = "Uri")]
    uri: Option<String>,
    #[serde(rename = "firstName", alias = "FirstName")]
    first_name: Option<String>,
    #[serde(rename = "middleName", alias = "MiddleName")]
    middle_name: Option<String>,
    #[serde(rename = "lastName", alias = "LastName")]
    last_name: Option<String>,
    #[serde(rename = "loyaltyNumber", alias = "LoyaltyNumber")]
    loyalty_number: Option<String>,
    #[serde(rename = "status", alias = "Status")]
    status: Option<String>,
    #[serde(rename = "requestToken", alias = "RequestToken")]
    request_token: Option<String>,
    #[serde(rename = "lastModified", alias = "LastModified")]
    last_modified: Option<String>,
    #[serde(rename = "userId", alias = "UserId")]
    user_id: Option<String>,
    #[serde(rename = "emailAddresses", alias = "EmailAddresses")]
    emails: Option<JsonEmails>,
}

impl JsonRequest {
    fn into_model(self) -> ConnectionRequest {
        let e = self.emails.unwrap_or_default();
        let (last_modified, last_modified_raw) = split_date(self.last_modified);
        ConnectionRequest {
            id: self.id.unwrap_or_default(),
            uri: self.uri,
            first_name: self.first_name,
            middle_name: self.middle_name,
            last_name: self.last_name,
            loyalty_number: self.loyalty_number,
            status: self.status,
            request_token: self.request_token.map(Secret::new),
            last_modified,
            last_modified_raw,
            user_id: self.user_id,
            email_addresses: [e.e1, e.e2, e.e3, e.e4, e.e5],
        }
    }
}

/// Splits a date text into the parsed instant, or keeps the raw text when it is not a date.
pub(crate) fn split_date(raw: Option<String>) -> (Option<time::OffsetDateTime>, Option<String>) {
    match raw {
        Some(r) => match parse_utc_lenient(&r) {
            Some(t) => (Some(t), None),
            None => (None, Some(r)),
        },
        None => (None, None),
    }
}

/// Reads a page (any version).
pub fn read_page(text: &str) -> Result<ConnectionRequestPage> {
    let page: JsonPage = from_json("Connection Requests page", text)?;
    let items = match page.items {
        None => Vec::new(),
        Some(OneOrMany::Many(v)) => v.into_iter().map(JsonRequest::into_model).collect(),
        Some(OneOrMany::One(one)) => vec![one.into_model()],
    };
    Ok(ConnectionRequestPage {
        items,
        next_page: page.next_page.filter(|s| !s.trim().is_empty()),
    })
}

/// Reads one request (any version).
pub fn read_request(text: &str) -> Result<ConnectionRequest> {
    from_json::<JsonRequest>("connection request", text).map(JsonRequest::into_model)
}

/// Reads a create response `{ID, URI}`.
pub fn read_create_response(text: &str) -> Result<CreateResponse> {
    let r: JsonRequest = from_json("create response", text)?;
    Ok(CreateResponse {
        id: r.id.unwrap_or_default(),
        uri: r.uri,
    })
}

fn name(version: CrVersion, camel: &'static str, pascal: &'static str) -> &'static str {
    if version.is_pascal_case() {
        pascal
    } else {
        camel
    }
}

/// Writes one request in `version`'s shape (fields the version lacks are left out).
pub fn request_value(r: &ConnectionRequest, version: CrVersion) -> Value {
    let mut m = Map::new();
    let opt = |v: &Option<String>| v.clone().map(Value::String).unwrap_or(Value::Null);
    m.insert("ID".into(), Value::String(r.id.clone()));
    m.insert("URI".into(), opt(&r.uri));
    m.insert(
        name(version, "firstName", "FirstName").into(),
        opt(&r.first_name),
    );
    m.insert(
        name(version, "middleName", "MiddleName").into(),
        opt(&r.middle_name),
    );
    m.insert(
        name(version, "lastName", "LastName").into(),
        opt(&r.last_name),
    );
    m.insert(
        name(version, "loyaltyNumber", "LoyaltyNumber").into(),
        opt(&r.loyalty_number),
    );
    m.insert(name(version, "status", "Status").into(), opt(&r.status));
    let token = r
        .request_token
        .as_ref()
        .map(|t| Value::String(t.expose().to_owned()));
    m.insert(
        name(version, "requestToken", "RequestToken").into(),
        token.unwrap_or(Value::Null),
    );
    let date = r
        .last_modified
        .map(format_utc_zoneless)
        .or_else(|| r.last_modified_raw.clone());
    m.insert(
        name(version, "lastModified", "LastModified").into(),
        opt(&date),
    );
    if version == CrVersion::V3_2 {
        m.insert("userId".into(), opt(&r.user_id));
    }
    if version != CrVersion::V3_0 {
        let mut e = Map::new();
        for (i, v) in r.email_addresses.iter().enumerate() {
            let key = format!("{}{}", name(version, "email", "Email"), i + 1);
            e.insert(key, opt(v));
        }
        m.insert(
            name(version, "emailAddresses", "EmailAddresses").into(),
            Value::Object(e),
        );
    }
    Value::Object(m)
}

/// Writes a page in `version`'s shape.
pub fn write_page(page: &ConnectionRequestPage, version: CrVersion) -> String {
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|r| request_value(r, version))
        .collect();
    json!({ "Items": items, "NextPage": page.next_page }).to_string()
}

/// The PUT body: v3.2 `{"status": code}`, v3.0/3.1 `{"Status": code}`.
pub fn status_body(version: CrVersion, code: &str) -> String {
    let mut m = Map::new();
    m.insert(
        name(version, "status", "Status").into(),
        Value::String(code.to_owned()),
    );
    Value::Object(m).to_string()
}
