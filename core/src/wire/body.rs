//! Body guards shared by every parser: the size cap, text decoding (UTF-8 with or without BOM,
//! UTF-16 with a BOM) and JSON-vs-XML detection from `Content-Type` or the first byte.

use crate::config::ApiConfig;
use crate::error::{Result, TriplinkError};
use crate::transport::HttpResponse;
use std::borrow::Cow;

/// The two body formats the APIs speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyFormat {
    /// `application/json`
    Json,
    /// `application/xml` / `text/xml`
    Xml,
}

impl BodyFormat {
    /// The format name used in decode errors.
    pub fn name(self) -> &'static str {
        match self {
            BodyFormat::Json => "json",
            BodyFormat::Xml => "xml",
        }
    }
}

/// Refuses a body larger than the configured cap.
pub fn check_size(response: &HttpResponse, config: &ApiConfig, format: &'static str) -> Result<()> {
    if response.body.len() > config.max_body_bytes {
        return Err(TriplinkError::decode(
            format,
            format!(
                "body of {} bytes exceeds the {} byte limit",
                response.body.len(),
                config.max_body_bytes
            ),
        ));
    }
    Ok(())
}

/// Decodes body bytes to text: UTF-8 (a BOM is dropped) or UTF-16 LE/BE announced by a BOM.
pub fn decode_text<'a>(bytes: &'a [u8], format: &'static str) -> Result<Cow<'a, str>> {
    let utf16 = |big_endian: bool, rest: &[u8]| -> Result<Cow<'a, str>> {
        if !rest.len().is_multiple_of(2) {
            return Err(TriplinkError::decode(format, "truncated UTF-16 body"));
        }
        let units = rest.chunks_exact(2).map(|c| {
            if big_endian {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<std::result::Result<String, _>>()
            .map(Cow::Owned)
            .map_err(|_| TriplinkError::decode(format, "invalid UTF-16 body"))
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => {
            std::str::from_utf8(rest).map(Cow::Borrowed).map_err(|e| {
                TriplinkError::decode(
                    format,
                    format!("invalid UTF-8 at byte {}", e.valid_up_to() + 3),
                )
            })
        }
        [0xFF, 0xFE, rest @ ..] => utf16(false, rest),
        [0xFE, 0xFF, rest @ ..] => utf16(true, rest),
        _ => std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
            TriplinkError::decode(format, format!("invalid UTF-8 at byte {}", e.valid_up_to()))
        }),
    }
}

/// Picks the format from `Content-Type`, else from the first non-blank character.
pub fn detect_format(response: &HttpResponse) -> Option<BodyFormat> {
    if let Some(ct) = response.content_type() {
        if ct.ends_with("json") {
            return Some(BodyFormat::Json);
        }
        if ct.ends_with("xml") {
            return Some(BodyFormat::Xml);
        }
    }
    let start = response.body.iter().copied().find(|b| {
        !(b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF | 0xFF | 0xFE | 0))
    })?;
    match start {
        b'{' | b'[' => Some(BodyFormat::Json),
        b'<' => Some(BodyFormat::Xml),
        _ => None,
    }
}

/// Size check plus text decoding, in one call.
pub fn body_text<'a>(
    response: &'a HttpResponse,
    config: &ApiConfig,
    format: &'static str,
) -> Result<Cow<'a, str>> {
    check_size(response, config, format)?;
    decode_text(&response.body, format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_rejects_bad_bytes() {
        assert_eq!(decode_text(b"\xEF\xBB\xBF<a/>", "xml").unwrap(), "<a/>");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<a/>".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode_text(&le, "xml").unwrap(), "<a/>");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("<é/>".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode_text(&be, "xml").unwrap(), "<é/>");
        assert!(decode_text(b"\xFF\xFE<", "xml").is_err());
        assert!(decode_text(b"ab\xC3", "json").is_err());
    }

    #[test]
    fn detects_format() {
        let r = HttpResponse::new(200, "  {}");
        assert_eq!(detect_format(&r), Some(BodyFormat::Json));
        let r = HttpResponse::new(200, "\u{feff}<x/>");
        assert_eq!(detect_format(&r), Some(BodyFormat::Xml));
        let r = HttpResponse::new(200, "{}").with_header("Content-Type", "application/xml");
        assert_eq!(detect_format(&r), Some(BodyFormat::Xml));
        assert_eq!(detect_format(&HttpResponse::new(200, "hello")), None);
    }

    #[test]
    fn size_cap_is_enforced() {
        let mut cfg = ApiConfig::new("https://x.test").unwrap();
        cfg.max_body_bytes = 3;
        let e = body_text(&HttpResponse::new(200, "abcd"), &cfg, "json").unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::Decode);
    }
}
