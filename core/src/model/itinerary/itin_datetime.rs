//! `ItinDateTime`: an xs:dateTime as the Itinerary API writes it, read by a hand parser (every
//! shape the API writes, checked against the `time` crate's format parser as oracle) and kept
//! with its original text, so a round trip is byte-exact.

use super::scalars::{trim_text, Text, XmlScalar};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use time::macros::format_description;
use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};

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
    text: Text,
}

impl ItinDateTime {
    /// A local date-time without offset.
    pub fn local(local: PrimitiveDateTime) -> Self {
        let text = local
            .format(format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second]"
            ))
            .map(Text::from)
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
        let t = trim_text(text);
        let (body, offset) = if let Some(b) = t.strip_suffix('Z') {
            (b, Some(UtcOffset::UTC))
        } else if t.len() > 19
            && matches!(t.as_bytes()[t.len() - 6], b'+' | b'-')
            && t.as_bytes()[t.len() - 3] == b':'
        {
            let (b, o) = t.split_at(t.len() - 6);
            (b, Some(parse_offset(o)?))
        } else {
            (t, None)
        };
        Some(ItinDateTime {
            local: parse_local(body)?,
            offset,
            text: Text::new(t),
        })
    }

    /// The text as read (or as built).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// The decimal number in `b[range]` (digits only), `None` for anything else.
fn digits(b: &[u8], range: std::ops::Range<usize>) -> Option<u32> {
    b.get(range)?.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

/// `YYYY-MM-DDThh:mm`, `…:ss` or `…:ss.f…` (fraction digits past the ninth dropped, as the
/// `time` crate's parser does): the shapes xs:dateTime takes in the Itinerary API, read by
/// hand (one pass, and no format-description parser in the .wasm); `None` for any other shape
/// or an impossible date or time.
fn parse_local(text: &str) -> Option<PrimitiveDateTime> {
    let b = text.as_bytes();
    if b.len() < 16 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let (second, nanos) = match b.len() {
        16 => (0, 0),
        19 if b[16] == b':' => (digits(b, 17..19)?, 0),
        n if n >= 21 && b[16] == b':' && b[19] == b'.' => {
            // Nanoseconds: the first nine fraction digits; any further ones must be digits.
            let end = n.min(29);
            if !b[end..].iter().all(u8::is_ascii_digit) {
                return None;
            }
            let scale = 10u32.pow(29 - u32::try_from(end).ok()?);
            (digits(b, 17..19)?, digits(b, 20..end)? * scale)
        }
        _ => return None,
    };
    let small = |v: u32| u8::try_from(v).ok();
    let month = Month::try_from(small(digits(b, 5..7)?)?).ok()?;
    let year = i32::try_from(digits(b, 0..4)?).ok()?;
    let date = Date::from_calendar_date(year, month, small(digits(b, 8..10)?)?).ok()?;
    let (hour, minute) = (small(digits(b, 11..13)?)?, small(digits(b, 14..16)?)?);
    let time = Time::from_hms_nano(hour, minute, small(second)?, nanos).ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

/// `+hh:mm` / `-hh:mm`.
fn parse_offset(text: &str) -> Option<UtcOffset> {
    let b = text.as_bytes();
    let sign: i8 = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    if b.len() != 6 || b[3] != b':' {
        return None;
    }
    let h = i8::try_from(digits(b, 1..3)?).ok()?;
    let m = i8::try_from(digits(b, 4..6)?).ok()?;
    UtcOffset::from_hms(sign * h, sign * m, 0).ok()
}

impl From<ItinDateTime> for String {
    fn from(d: ItinDateTime) -> String {
        d.text.into_string()
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
    fn the_hand_parser_agrees_with_the_format_parser() {
        let full = format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
        );
        let short = format_description!("[year]-[month]-[day]T[hour]:[minute]");
        let oracle = |t: &str| {
            PrimitiveDateTime::parse(t, full)
                .or_else(|_| PrimitiveDateTime::parse(t, short))
                .ok()
        };
        let accepted = [
            "2024-05-01T15:00:00",
            "0000-01-01T00:00:00",
            "9999-12-31T23:59:59",
            "2024-02-29T12:30:45",
            "2024-05-01T15:30",
            "2024-05-01T15:30:07.5",
            "2024-05-01T15:30:07.25",
            "2024-05-01T15:30:07.123456789",
            "2024-05-01T15:30:07.000",
            "2024-05-01T15:30:07.1234567890",
            "2024-05-01T15:30:07.9999999999999",
        ];
        for t in accepted {
            assert!(parse_local(t).is_some(), "{t}");
            assert_eq!(parse_local(t), oracle(t), "{t}");
        }
        for t in [
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
            "2024-05-01T15:30:07.",
            "2024-05-01T15:30:07.12345678901x",
            "2024-05-01T15:30:7",
            "2024-05-01T15",
            "2024-5-01T15:30:00",
        ] {
            assert_eq!(parse_local(t), None, "{t}");
            assert_eq!(oracle(t), None, "{t} (oracle)");
        }
        // Any number of fraction digits (xs:dateTime allows it; `time` stops at some length).
        let long = parse_local("2024-05-01T15:30:07.99999999999999999999999999999999999999999");
        assert_eq!(long.map(|v| v.nanosecond()), Some(999_999_999));
        // Shapes outside the API's may be declined, never read differently.
        for t in ["+024-05-01T15:00:00", "20240-05-01T15:00:00"] {
            if let Some(v) = parse_local(t) {
                assert_eq!(Some(v), oracle(t), "{t}");
            }
        }
    }

    #[test]
    fn offsets_are_read_by_hand() {
        for (o, secs) in [
            ("+00:00", 0),
            ("-04:00", -4 * 3600),
            ("+05:30", 19800),
            ("-00:30", -1800),
        ] {
            assert_eq!(
                parse_offset(o).map(|x| x.whole_seconds()),
                Some(secs),
                "{o}"
            );
        }
        for bad in ["04:00", "+4:00", "+04-00", "+26:00", "+04:6x", "", "+"] {
            assert_eq!(parse_offset(bad), None, "{bad}");
        }
    }
}
