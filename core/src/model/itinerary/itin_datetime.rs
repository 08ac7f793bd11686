//! `ItinDateTime`: an xs:dateTime as the Itinerary API writes it, read by a hand parser (every
//! shape the API writes, checked against the `time` crate's format parser as oracle) and
//! written back from its fields in the shape it was read in, so a round trip is byte-exact.

use super::scalars::trim_text;
use serde::{Deserialize, Serialize};
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
///
/// Two values are equal when they hold the same date, time and offset and are written the
/// same.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(try_from = "String")]
pub struct ItinDateTime {
    /// The wall-clock date and time.
    pub local: PrimitiveDateTime,
    /// The UTC offset, when the text had one. It is written in hours and minutes, as
    /// xs:dateTime has no seconds in an offset.
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

    /// The spelling the text is written in: the one read, widened to what the fields need
    /// (the fewest fraction digits that hold the nanoseconds, seconds when any are set), and
    /// `Z` only for a zero offset.
    fn written(&self) -> Spelling {
        let t = self.local.time();
        let nanos = t.nanosecond();
        let needed = (0..=9u8)
            .find(|&n| nanos.is_multiple_of(10u32.pow(9 - u32::from(n))))
            .unwrap_or(9);
        let fraction_digits = needed.max(self.spelling.fraction_digits);
        Spelling {
            seconds: self.spelling.seconds || t.second() != 0 || fraction_digits > 0,
            fraction_digits,
            zulu: self.spelling.zulu && self.offset.is_some_and(|o| o.is_utc()),
        }
    }

    /// The text: the date, the time as spelled (more seconds or fraction digits when the
    /// value needs them), then the offset.
    pub(crate) fn spell(&self) -> Spelled {
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
        let written = self.written();
        if written.seconds {
            out.push(b':');
            out.digits(u32::from(t.second()), 2);
        }
        let fraction = written.fraction_digits;
        if fraction > 0 {
            out.push(b'.');
            out.digits(nanos / 10u32.pow(9 - u32::from(fraction)), fraction.into());
        }
        match self.offset {
            None => {}
            Some(_) if written.zulu => out.push(b'Z'),
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
pub(crate) struct Spelled {
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

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII is pushed, so this never fails.
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

impl PartialEq for ItinDateTime {
    fn eq(&self, other: &Self) -> bool {
        (self.local, self.offset, self.written()) == (other.local, other.offset, other.written())
    }
}

impl Eq for ItinDateTime {}

impl std::hash::Hash for ItinDateTime {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.local, self.offset, self.written()).hash(h);
    }
}

/// Serialised as its text, spelled on the stack (no `String` for each value).
impl Serialize for ItinDateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.spell().as_str())
    }
}

/// The text, as the XML codec writes it.
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
        parse(&text).map_err(serde::de::Error::custom)
    }

    /// Reads the text [`deserialize`] reads; the error says what was expected.
    pub fn parse(text: &str) -> Result<PrimitiveDateTime, String> {
        match ItinDateTime::parse(text) {
            Some(t) if t.offset.is_none() => Ok(t.local),
            _ => Err(format!(
                "`{text}` is not a local date-time like 2024-05-01T15:00:00"
            )),
        }
    }
}

#[cfg(test)]
#[path = "itin_datetime_tests.rs"]
mod tests;
