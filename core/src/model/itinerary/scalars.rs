//! Itinerary scalar types: `ItinDateTime` (xs:dateTime with or without an offset, original text
//! kept so a round trip is byte-exact), `Decimal` (exact decimal text), and the `XmlScalar`
//! parse/render trait the generated model uses for every simple element.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use time::macros::format_description;
use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};

/// A simple element value: parsed from the element's text, rendered back to text.
pub trait XmlScalar: Sized {
    /// Parses the text; `None` when it does not fit the type (the element is then kept raw).
    fn parse_text(text: &str) -> Option<Self>;
    /// The text to write.
    fn render(&self) -> Cow<'_, str>;
}

impl XmlScalar for String {
    fn parse_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
    fn render(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl XmlScalar for bool {
    fn parse_text(text: &str) -> Option<Self> {
        match text.trim() {
            "true" | "1" | "True" | "TRUE" => Some(true),
            "false" | "0" | "False" | "FALSE" => Some(false),
            _ => None,
        }
    }
    fn render(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! int_scalar {
    ($($t:ty),*) => {$(
        impl XmlScalar for $t {
            fn parse_text(text: &str) -> Option<Self> {
                text.trim().parse().ok()
            }
            fn render(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
int_scalar!(i64, u8);

/// An exact decimal (xs:decimal / xs:double), kept as validated text: no float rounding.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Decimal(String);

impl From<Decimal> for String {
    fn from(d: Decimal) -> String {
        d.0
    }
}

impl TryFrom<String> for Decimal {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Decimal::new(&s).ok_or_else(|| format!("`{s}` is not a decimal"))
    }
}

impl Decimal {
    /// Validates `text` as a decimal (`-12.50`, `3`, `+0.5`, `1E3` for doubles).
    pub fn new(text: &str) -> Option<Self> {
        let t = text.trim();
        let body = t.strip_prefix(['-', '+']).unwrap_or(t);
        let (mantissa, exp) = match body.split_once(['e', 'E']) {
            Some((m, e)) => (m, Some(e)),
            None => (body, None),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits_ok = !(int.is_empty() && frac.is_empty())
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit());
        let exp_ok = exp.map(|e| {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
        });
        (digits_ok && exp_ok.unwrap_or(true)).then(|| Decimal(t.to_owned()))
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl XmlScalar for Decimal {
    fn parse_text(text: &str) -> Option<Self> {
        Decimal::new(text)
    }
    fn render(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.0)
    }
}

/// An xs:dateTime as the Itinerary API writes it: local (`2024-05-01T15:00:00`) or with an
/// offset (`2020-01-06T00:00:00-04:00`, `…Z`). The original text is kept for exact round trips.
/// Serde reads and writes it as that text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct ItinDateTime {
    /// The wall-clock date and time.
    pub local: PrimitiveDateTime,
    /// The UTC offset, when the text had one.
    pub offset: Option<UtcOffset>,
    text: String,
}

impl ItinDateTime {
    /// A local date-time without offset.
    pub fn local(local: PrimitiveDateTime) -> Self {
        let text = local
            .format(format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second]"
            ))
            .unwrap_or_default();
        ItinDateTime {
            local,
            offset: None,
            text,
        }
    }

    /// A UTC instant (written with `Z`... as the API writes UTC fields: without a zone).
    pub fn utc(local: PrimitiveDateTime) -> Self {
        Self::local(local)
    }

    /// Parses `YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm]`.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let (body, offset) = if let Some(b) = t.strip_suffix('Z') {
            (b, Some(UtcOffset::UTC))
        } else if t.len() > 19
            && matches!(t.as_bytes()[t.len() - 6], b'+' | b'-')
            && t.as_bytes()[t.len() - 3] == b':'
        {
            let (b, o) = t.split_at(t.len() - 6);
            let off = UtcOffset::parse(
                o,
                format_description!("[offset_hour sign:mandatory]:[offset_minute]"),
            )
            .ok()?;
            (b, Some(off))
        } else {
            (t, None)
        };
        let full = format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
        );
        let short = format_description!("[year]-[month]-[day]T[hour]:[minute]");
        let local = match fast_local(body) {
            Some(l) => l,
            None => PrimitiveDateTime::parse(body, full)
                .or_else(|_| PrimitiveDateTime::parse(body, short))
                .ok()?,
        };
        Some(ItinDateTime {
            local,
            offset,
            text: t.to_owned(),
        })
    }

    /// The text as read (or as built).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// `YYYY-MM-DDThh:mm:ss`, the shape nearly every date-time has, read without the general
/// format parser; `None` (any other shape, or an invalid value) leaves it to that parser.
fn fast_local(text: &str) -> Option<PrimitiveDateTime> {
    let b = text.as_bytes();
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u16> {
        b[from..to].iter().try_fold(0u16, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0'))
        })
    };
    let month = Month::try_from(u8::try_from(num(5, 7)?).ok()?).ok()?;
    let day = u8::try_from(num(8, 10)?).ok()?;
    let date = Date::from_calendar_date(i32::from(num(0, 4)?), month, day).ok()?;
    let (h, m, s) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let time = Time::from_hms(
        u8::try_from(h).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(s).ok()?,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

impl From<ItinDateTime> for String {
    fn from(d: ItinDateTime) -> String {
        d.text
    }
}

impl TryFrom<String> for ItinDateTime {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        ItinDateTime::parse(&s).ok_or_else(|| format!("`{s}` is not an xs:dateTime"))
    }
}

/// Serde for a wall-clock `PrimitiveDateTime` as ISO text (`2024-05-01T15:00:00`), the form
/// the bindings' JSON uses: `#[serde(with = "iso_local")]`.
pub mod iso_local {
    use super::ItinDateTime;
    use serde::{Deserialize, Deserializer, Serializer};
    use time::PrimitiveDateTime;

    /// Writes `2024-05-01T15:00:00`.
    pub fn serialize<S: Serializer>(v: &PrimitiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(ItinDateTime::local(*v).as_str())
    }

    /// Reads `YYYY-MM-DDThh:mm[:ss[.fff]]` (no offset: the value is a wall-clock time).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PrimitiveDateTime, D::Error> {
        let text = String::deserialize(d)?;
        match ItinDateTime::parse(&text) {
            Some(t) if t.offset.is_none() => Ok(t.local),
            _ => Err(serde::de::Error::custom(format!(
                "`{text}` is not a local date-time like 2024-05-01T15:00:00"
            ))),
        }
    }
}

impl XmlScalar for ItinDateTime {
    fn parse_text(text: &str) -> Option<Self> {
        ItinDateTime::parse(text)
    }
    fn render(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_keep_their_text_and_offset() {
        let a = ItinDateTime::parse("2020-01-06T00:00:00-04:00").unwrap();
        assert_eq!(a.offset.unwrap().whole_hours(), -4);
        assert_eq!(a.render(), "2020-01-06T00:00:00-04:00");
        let b = ItinDateTime::parse("2024-05-01T15:00:00").unwrap();
        assert!(b.offset.is_none());
        assert!(ItinDateTime::parse("2024-05-01T15:00:00Z")
            .unwrap()
            .offset
            .is_some());
        assert!(ItinDateTime::parse("2024-05-01T15:30").is_some());
        assert!(ItinDateTime::parse("HK").is_none());
        assert!(ItinDateTime::parse("2024-13-01T00:00:00").is_none());
    }

    #[test]
    fn the_fast_date_time_path_agrees_with_the_format_parser() {
        let full = format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
        );
        for t in [
            "2024-05-01T15:00:00",
            "0000-01-01T00:00:00",
            "9999-12-31T23:59:59",
            "2024-02-29T12:30:45",
            "2023-02-29T12:30:45",
            "2024-04-31T00:00:00",
            "2024-13-01T00:00:00",
            "2024-00-10T00:00:00",
            "2024-05-00T00:00:00",
            "2024-05-01T24:00:00",
            "2024-05-01T23:60:00",
            "2024-05-01T23:59:60",
            "2024-05-01 15:00:00",
            "2024-05-01T1a:00:00",
            "+024-05-01T15:00:00",
        ] {
            // The fast path may decline (the format parser then decides), never disagree.
            let slow = PrimitiveDateTime::parse(t, full).ok();
            if let Some(fast) = fast_local(t) {
                assert_eq!(Some(fast), slow, "{t}");
            }
        }
        assert!(fast_local("2024-05-01T15:00:00").is_some());
    }

    #[test]
    fn serde_uses_the_text_and_refuses_bad_values() {
        let d: ItinDateTime = serde_json::from_str("\"2020-01-06T00:00:00-04:00\"").unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            "\"2020-01-06T00:00:00-04:00\""
        );
        assert!(serde_json::from_str::<ItinDateTime>("\"soon\"").is_err());
        let x: Decimal = serde_json::from_str("\"12.50\"").unwrap();
        assert_eq!(x.as_str(), "12.50");
        assert!(serde_json::from_str::<Decimal>("\"12,50\"").is_err());
    }

    #[test]
    fn decimals_are_exact_text() {
        for ok in ["12.50", "-3", "+0.5", ".5", "1E3", "2.5e-2"] {
            assert!(Decimal::new(ok).is_some(), "{ok}");
        }
        for bad in ["", "-", "1.2.3", "abc", "1e", "0x10"] {
            assert!(Decimal::new(bad).is_none(), "{bad}");
        }
        assert_eq!(Decimal::new("100.10").unwrap().as_str(), "100.10");
    }
}
