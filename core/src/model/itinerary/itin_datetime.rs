//! `ItinDateTime`: an xs:dateTime as the Itinerary API writes it, read by a hand parser (every
//! shape the API writes, checked against the `time` crate's format parser as oracle) and
//! written back from its fields in the shape it was read in, so a round trip is byte-exact.

use super::scalars::{trim_text, XmlScalar};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};

/// An xs:dateTime as the Itinerary API writes it: local (`2024-05-01T15:00:00`) or with an
/// offset (`2020-01-06T00:00:00-04:00`, `…Z`). Serde reads and writes it as text.
///
/// The value is its fields. Besides them it keeps only how the text was spelled (seconds
/// written or not, how many fraction digits, `Z` or `+00:00`), so an unchanged value is
/// written back exactly as read, and a changed `local` or `offset` is written as it now is:
///
/// ```
/// use triplink_core::model::itinerary::ItinDateTime;
/// let mut d = ItinDateTime::parse("2024-05-01T15:30:07.50Z").unwrap();
/// assert_eq!(d.to_string(), "2024-05-01T15:30:07.50Z");
/// d.local = d.local.replace_hour(9).unwrap();
/// assert_eq!(d.to_string(), "2024-05-01T09:30:07.50Z");
/// ```
///
/// Text it cannot write back exactly, such as more than nine fraction digits or `-00:00`, is
/// not read as an `ItinDateTime`: the model then keeps that element verbatim instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct ItinDateTime {
    /// The wall-clock date and time.
    pub local: PrimitiveDateTime,
    /// The UTC offset, when the text had one.
    pub offset: Option<UtcOffset>,
    spelling: Spelling,
}

/// How the text spelled what the fields do not say. The smallest form that holds the value
/// is written when the fields need more (seconds or fraction digits set after reading).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Spelling {
    /// `hh:mm:ss` rather than `hh:mm`.
    seconds: bool,
    /// Fraction digits written after the seconds (0 to 9).
    fraction_digits: u8,
    /// A zero offset written `Z` rather than `+00:00`.
    zulu: bool,
}

impl ItinDateTime {
    /// A local date-time without offset, written `YYYY-MM-DDThh:mm:ss` (plus the fraction
    /// digits its nanoseconds need).
    pub fn local(local: PrimitiveDateTime) -> Self {
        ItinDateTime {
            local,
            offset: None,
            spelling: Spelling {
                seconds: true,
                fraction_digits: 0,
                zulu: false,
            },
        }
    }

    /// A UTC instant, written without a zone, as the API writes its UTC fields.
    pub fn utc(local: PrimitiveDateTime) -> Self {
        Self::local(local)
    }

    /// Parses `YYYY-MM-DDThh:mm[:ss[.f…]][Z|±hh:mm]` (at most nine fraction digits).
    pub fn parse(text: &str) -> Option<Self> {
        let t = trim_text(text);
        let (body, offset, zulu) = if let Some(b) = t.strip_suffix('Z') {
            (b, Some(UtcOffset::UTC), true)
        } else if t.len() > 19
            && matches!(t.as_bytes()[t.len() - 6], b'+' | b'-')
            && t.as_bytes()[t.len() - 3] == b':'
        {
            let (b, o) = t.split_at(t.len() - 6);
            // `-00:00` reads as UTC but would be written `+00:00`.
            if o == "-00:00" {
                return None;
            }
            (b, Some(parse_offset(o)?), false)
        } else {
            (t, None, false)
        };
        // Past nine digits the fraction is cut to nanoseconds: not written back as read.
        let fraction_digits = match body.len() {
            n @ 21..=29 => u8::try_from(n - 20).ok()?,
            n if n > 29 => return None,
            _ => 0,
        };
        Some(ItinDateTime {
            local: parse_local(body)?,
            offset,
            spelling: Spelling {
                seconds: body.len() > 16,
                fraction_digits,
                zulu,
            },
        })
    }

    /// The text: the date, the time as spelled (more seconds or fraction digits when the
    /// value needs them), then the offset.
    fn spell(&self) -> Spelled {
        let mut out = Spelled {
            buf: [0; SPELLED_MAX],
            len: 0,
        };
        let (d, t) = (self.local.date(), self.local.time());
        let year = d.year();
        if year < 0 {
            out.push(b'-');
        }
        out.digits(year.unsigned_abs(), 4);
        out.push(b'-');
        out.digits(u32::from(u8::from(d.month())), 2);
        out.push(b'-');
        out.digits(u32::from(d.day()), 2);
        out.push(b'T');
        out.digits(u32::from(t.hour()), 2);
        out.push(b':');
        out.digits(u32::from(t.minute()), 2);
        let nanos = t.nanosecond();
        // The fewest digits that hold the nanoseconds exactly, or more if the text had more.
        let needed = (0..=9u8)
            .find(|&n| nanos % 10u32.pow(9 - u32::from(n)) == 0)
            .unwrap_or(9);
        let fraction = needed.max(self.spelling.fraction_digits);
        if self.spelling.seconds || t.second() != 0 || fraction > 0 {
            out.push(b':');
            out.digits(u32::from(t.second()), 2);
        }
        if fraction > 0 {
            out.push(b'.');
            out.digits(nanos / 10u32.pow(9 - u32::from(fraction)), fraction.into());
        }
        match self.offset {
            None => {}
            Some(o) if o.is_utc() && self.spelling.zulu => out.push(b'Z'),
            Some(o) => {
                out.push(if o.is_negative() { b'-' } else { b'+' });
                out.digits(u32::from(o.whole_hours().unsigned_abs()), 2);
                out.push(b':');
                out.digits(u32::from(o.minutes_past_hour().unsigned_abs()), 2);
            }
        }
        out
    }
}

/// The longest text: `-` and a ten-digit year, 16 more up to the seconds, `.` and nine
/// digits, then `+hh:mm`.
const SPELLED_MAX: usize = 1 + 10 + 15 + 10 + 6;

/// An `ItinDateTime`'s text, spelled on the stack (ASCII only).
struct Spelled {
    buf: [u8; SPELLED_MAX],
    len: usize,
}

impl Spelled {
    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    /// `v` in decimal, zero-padded to at least `width` digits (at most ten).
    fn digits(&mut self, v: u32, width: usize) {
        // A u32 has at most ten digits: they are found last one first, after zeros.
        let mut tmp = [b'0'; 10];
        let (mut n, mut count) = (v, 0);
        for slot in tmp.iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
            count += 1;
            if n == 0 {
                break;
            }
        }
        for &b in tmp.iter().skip(10 - count.max(width).min(10)) {
            self.push(b);
        }
    }

    fn as_str(&self) -> &str {
        // Only ASCII is pushed, so this never fails.
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

/// The text, as [`XmlScalar::render`] writes it.
impl fmt::Display for ItinDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.spell().as_str())
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
        d.to_string()
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
        s.collect_str(&ItinDateTime::local(*v))
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
        Cow::Owned(self.to_string())
    }
    fn write_escaped(&self, out: &mut String) {
        // Digits, signs, `-`, `:`, `.`, `T` and `Z`: nothing to escape, nothing to allocate.
        out.push_str(self.spell().as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::format_description;

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
    fn unchanged_values_are_written_exactly_as_read() {
        for t in [
            "2024-05-01T15:00:00",
            "2024-05-01T15:30",
            "0000-01-01T00:00:00",
            "9999-12-31T23:59:59",
            "2024-05-01T15:30:07.5",
            "2024-05-01T15:30:07.50",
            "2024-05-01T15:30:07.000",
            "2024-05-01T15:30:07.123456789",
            "2024-05-01T15:30:07.000000001Z",
            "2024-05-01T15:00:00Z",
            "2024-05-01T15:00:00+00:00",
            "2020-01-06T00:00:00-04:00",
            "2020-01-06T00:00:00+05:30",
            "2020-01-06T00:00:00-00:30",
            "2020-01-06T00:00+14:00",
        ] {
            let d = ItinDateTime::parse(t).unwrap_or_else(|| panic!("{t} not read"));
            assert_eq!(d.to_string(), t);
            let mut xml = String::new();
            d.write_escaped(&mut xml);
            assert_eq!(xml, t);
            assert_eq!(String::from(d), t);
        }
        // Leading and trailing blanks are not part of the value.
        let d = ItinDateTime::parse(" 2024-05-01T15:00:00\n").unwrap();
        assert_eq!(d.to_string(), "2024-05-01T15:00:00");
    }

    #[test]
    fn text_that_cannot_be_written_back_exactly_is_not_read() {
        // Kept verbatim by the model instead (see `scalar` in xml_record).
        for t in [
            "2024-05-01T15:30:07.1234567890",
            "2024-05-01T15:30:07.9999999999999Z",
            "2024-05-01T15:00:00-00:00",
        ] {
            assert_eq!(ItinDateTime::parse(t), None, "{t}");
        }
    }

    #[test]
    fn changed_fields_are_written_as_they_now_are() {
        let mut d = ItinDateTime::parse("2024-05-01T15:30Z").unwrap();
        d.local = d.local.replace_second(9).unwrap();
        assert_eq!(d.to_string(), "2024-05-01T15:30:09Z");
        d.local = d.local.replace_nanosecond(250_000_000).unwrap();
        assert_eq!(d.to_string(), "2024-05-01T15:30:09.25Z");
        d.offset = Some(UtcOffset::from_hms(-3, -30, 0).unwrap());
        assert_eq!(d.to_string(), "2024-05-01T15:30:09.25-03:30");
        d.offset = None;
        assert_eq!(d.to_string(), "2024-05-01T15:30:09.25");
        // Digits the text had are kept when the new value needs fewer.
        let mut e = ItinDateTime::parse("2024-05-01T15:30:07.500").unwrap();
        e.local = e.local.replace_nanosecond(0).unwrap();
        assert_eq!(e.to_string(), "2024-05-01T15:30:07.000");
        // Built values are written with seconds and the digits their nanoseconds need.
        let built = PrimitiveDateTime::new(
            Date::from_calendar_date(2031, Month::March, 4).unwrap(),
            Time::from_hms_nano(5, 6, 0, 7_000).unwrap(),
        );
        assert_eq!(
            ItinDateTime::local(built).to_string(),
            "2031-03-04T05:06:00.000007"
        );
        let early = built.replace_date(Date::from_calendar_date(-12, Month::May, 1).unwrap());
        assert_eq!(
            ItinDateTime::utc(early).to_string(),
            "-0012-05-01T05:06:00.000007"
        );
    }

    proptest::proptest! {
        /// Every text the parser accepts in the API's shapes comes back byte for byte.
        #[test]
        fn every_accepted_shape_round_trips(
            y in 0u32..10_000, mo in 1u32..13, d in 1u32..29, h in 0u32..24, mi in 0u32..60,
            sec in proptest::option::of(0u32..60),
            frac in proptest::option::of("[0-9]{1,9}"),
            zone in proptest::option::of((proptest::bool::ANY, 0u32..15, 0u32..60)),
            zulu in proptest::bool::ANY,
        ) {
            let mut t = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}");
            if let Some(s) = sec {
                t.push_str(&format!(":{s:02}"));
                if let Some(f) = &frac {
                    t.push('.');
                    t.push_str(f);
                }
            }
            match zone {
                _ if zulu => t.push('Z'),
                Some((neg, zh, zm)) if !(neg && zh == 0 && zm == 0) => {
                    t.push_str(&format!("{}{zh:02}:{zm:02}", if neg { '-' } else { '+' }));
                }
                _ => {}
            }
            let read = ItinDateTime::parse(&t);
            proptest::prop_assert!(read.is_some(), "{} not read", t);
            proptest::prop_assert_eq!(read.map(|v| v.to_string()), Some(t));
        }
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
