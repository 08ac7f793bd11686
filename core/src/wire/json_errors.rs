//! JSON decode errors that say what is wrong and where: the field's path (`Items[2].lastName`)
//! and the problem (wrong type, duplicate field, number out of range, truncated), never the
//! offending value (a field may hold a token).

use crate::error::TriplinkError;
use serde::de::DeserializeOwned;

/// Deserializes `text` as `T`, naming the field of any error: `what` says which document
/// (`"Connection Requests page"`).
pub(crate) fn from_json<T: DeserializeOwned>(what: &str, text: &str) -> Result<T, TriplinkError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| json_error(what, &e.path().to_string(), e.inner()))?;
    de.end()
        .map_err(|e| json_error(what, ".", &e))
        .map(|()| value)
}

/// A decode error for `inner` met at `path` (`.` for the document itself).
pub(crate) fn json_error(what: &str, path: &str, inner: &serde_json::Error) -> TriplinkError {
    let at = if path == "." || path.is_empty() {
        String::new()
    } else {
        format!(" `{path}`:")
    };
    TriplinkError::decode("json", format!("{what}:{at} {}", problem(inner)))
}

/// The problem `e` reports, without the value serde_json may quote: `invalid type: string
/// "…", expected u64` becomes `wrong type (a string), expected u64`.
pub(crate) fn problem(e: &serde_json::Error) -> String {
    let position = format!(" at line {} column {}", e.line(), e.column());
    let text = e.to_string();
    let message = text.strip_suffix(&position).unwrap_or(&text);
    if e.classify() != serde_json::error::Category::Data {
        // Syntax and end-of-input messages are fixed texts: they never quote the input.
        return format!("{message}{position}");
    }
    for (lead, what) in [
        ("invalid type: ", "wrong type"),
        ("invalid value: ", "invalid value"),
    ] {
        if let Some(rest) = message.strip_prefix(lead) {
            // `integer `5``, `floating point `1.5``, `string "…"`, `map`: the kind before the value.
            let kind = rest
                .split(['`', '"', ','])
                .next()
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .unwrap_or("value");
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            let expected = rest
                .split_once(", expected ")
                .map(|(_, x)| format!(", expected {x}"))
                .unwrap_or_default();
            return format!("{what} ({article} {kind}){expected}{position}");
        }
    }
    // `duplicate field `x``, `missing field `x``, `unknown variant`… name fields, not values;
    // anything else is cut to its first clause.
    if message.starts_with("duplicate field") || message.starts_with("missing field") {
        return format!("{message}{position}");
    }
    let head = message.split(':').next().unwrap_or("unexpected data");
    format!("{head}{position}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Doc {
        items: Vec<Item>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Item {
        name: Option<String>,
        count: Option<u32>,
    }

    fn err(text: &str) -> String {
        from_json::<Doc>("doc", text).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_the_field_and_the_problem_not_the_value() {
        let e = err(r#"{"items":[{"name":"a"},{"name":"secret-token-1"}, {"name":{"x":1}}]}"#);
        assert!(
            e.contains("`items[2].name`") && e.contains("wrong type (a map)"),
            "{e}"
        );
        let e = err(r#"{"items":[{"count":"secret-token-2"}]}"#);
        assert!(
            e.contains("`items[0].count`") && e.contains("wrong type (a string)"),
            "{e}"
        );
        assert!(!e.contains("secret-token"), "{e}");
        let e = err(r#"{"items":[{"name":"a","name":"b"}]}"#);
        assert!(
            e.contains("`items[0]`") && e.contains("duplicate field `name`"),
            "{e}"
        );
        let e = err(r#"{"items":[{"count":1e999}]}"#);
        assert!(
            e.contains("`items[0].count`") && e.contains("number out of range"),
            "{e}"
        );
        let e = err(r#"{"items":[{"count":"#);
        assert!(e.contains("EOF"), "{e}");
        let e = err(r#"{"items":[]} x"#);
        assert!(e.contains("trailing characters"), "{e}");
    }
}
