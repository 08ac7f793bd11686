//! The classic `/api/...` error body: `<Error><Message/><Server-Time/><Id/></Error>` (NOTES 5),
//! also seen as JSON `{"Message": ...}`; read leniently for diagnostics.

use super::xml_tree::parse_document;

/// What a classic error body says.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ClassicError {
    /// The human-readable message.
    pub message: Option<String>,
    /// The server time text.
    pub server_time: Option<String>,
    /// The error id (a GUID) support can look up.
    pub id: Option<String>,
}

/// Reads a classic error body, XML or JSON; `None` when the body is not one.
pub fn read_classic_error(text: &str) -> Option<ClassicError> {
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.starts_with('<') {
        let root = parse_document(t).ok()?;
        let e = if root.name.eq_ignore_ascii_case("Error") {
            &root
        } else {
            root.child("Error")?
        };
        let ce = ClassicError {
            message: e.child_text("Message"),
            server_time: e.child_text("Server-Time"),
            id: e.child_text("Id"),
        };
        return (ce != ClassicError::default()).then_some(ce);
    }
    let v: serde_json::Value = serde_json::from_str(t).ok()?;
    let obj = v.get("Error").unwrap_or(&v);
    let s = |k: &str| obj.get(k).and_then(|x| x.as_str()).map(str::to_owned);
    let ce = ClassicError {
        message: s("Message").or_else(|| s("message")),
        server_time: s("Server-Time"),
        id: s("Id"),
    };
    (ce != ClassicError::default()).then_some(ce)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_xml_and_json_shapes() {
        let x = "<Error><Message>Invalid trip id</Message><Server-Time>2024-01-01T00:00:00</Server-Time><Id>0A1B</Id></Error>";
        let e = read_classic_error(x).unwrap();
        assert_eq!(e.message.as_deref(), Some("Invalid trip id"));
        assert_eq!(e.id.as_deref(), Some("0A1B"));
        let j = r#"{"Message":"Token expired","Id":"X"}"#;
        assert_eq!(
            read_classic_error(j).unwrap().message.as_deref(),
            Some("Token expired")
        );
        assert!(read_classic_error("<Other/>").is_none());
        assert!(read_classic_error("garbage").is_none());
        assert!(read_classic_error("").is_none());
    }
}
