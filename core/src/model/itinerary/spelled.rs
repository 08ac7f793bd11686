//! Integers and booleans that keep their spelling, as [`Decimal`](super::Decimal) and
//! [`ItinDateTime`](super::ItinDateTime) do: an agency number `05672568` is written back as
//! `05672568`, `+1` as `+1`, a boolean `1` as `1`, while the value stays typed.
//!
//! The value is a public field; besides it each keeps only how its text was spelled (a `+`,
//! leading zeros up to a width; `true`, `1`, `True` or `TRUE`), so a changed value is written in
//! the same spelling (`05672568` set to 42 is written `00000042`, a boolean `1` set to false is
//! `0`). Serde writes a value spelled the plain way as a JSON number or boolean and any other
//! spelling as a string (`"05672568"`), and reads both.

use super::scalars::trim_text;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// An integer element (`xs:integer`, `xs:long`, `xs:int`, `xs:unsignedByte`) with its spelling.
///
/// ```
/// use triplink_core::model::itinerary::Integer;
/// let mut n = Integer::parse_text("05672568").unwrap();
/// assert_eq!((n.value, n.render().as_ref()), (5672568, "05672568"));
/// n.value = 42;
/// assert_eq!(n.render(), "00000042");
/// assert_eq!(Integer::from(7).render(), "7");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct XsInt<T> {
    /// The value.
    pub value: T,
    spelling: IntSpelling,
}

/// `xs:integer`, `xs:long`, `xs:int`.
pub type Integer = XsInt<i64>;
/// `xs:unsignedByte`.
pub type UnsignedByte = XsInt<u8>;

/// How an integer was spelled beyond its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
struct IntSpelling {
    /// A `+` before a value that is not negative.
    plus: bool,
    /// Digits written at least (leading zeros fill up to it); 0 for no leading zero.
    width: u8,
}

impl<T> XsInt<T> {
    /// The value, spelled the plain way.
    pub const fn new(value: T) -> Self {
        XsInt {
            value,
            spelling: IntSpelling {
                plus: false,
                width: 0,
            },
        }
    }
}

impl<T: Copy> XsInt<T> {
    /// The value.
    pub fn get(&self) -> T {
        self.value
    }
}

impl<T> From<T> for XsInt<T> {
    fn from(value: T) -> Self {
        XsInt::new(value)
    }
}

impl<T: PartialEq> PartialEq<T> for XsInt<T> {
    fn eq(&self, other: &T) -> bool {
        self.value == *other
    }
}

impl<T: FromStr + fmt::Display> XsInt<T> {
    /// Reads `[+|-]digits`. `-0` (which would be written `0`) and more than 255 digits are not
    /// read: the model then keeps the element verbatim.
    pub fn parse_text(text: &str) -> Option<Self> {
        let t = trim_text(text);
        let (sign, digits) = match t.as_bytes().first() {
            Some(b'+') => (Some(b'+'), &t[1..]),
            Some(b'-') => (Some(b'-'), &t[1..]),
            _ => (None, t),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if sign == Some(b'-') && digits.bytes().all(|b| b == b'0') {
            return None;
        }
        let value = t.parse().ok()?;
        let width = if digits.len() > 1 && digits.starts_with('0') {
            u8::try_from(digits.len()).ok()?
        } else {
            0
        };
        Some(XsInt {
            value,
            spelling: IntSpelling {
                plus: sign == Some(b'+'),
                width,
            },
        })
    }

    /// The text, spelled as it was read (the plain way for a value built in code).
    pub fn render(&self) -> Cow<'_, str> {
        let plain = self.value.to_string();
        if self.spelling == IntSpelling::default() {
            return Cow::Owned(plain);
        }
        let (minus, digits) = match plain.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, plain.as_str()),
        };
        let mut out = String::with_capacity(usize::from(self.spelling.width) + 1);
        if minus {
            out.push('-');
        } else if self.spelling.plus {
            out.push('+');
        }
        for _ in digits.len()..usize::from(self.spelling.width) {
            out.push('0');
        }
        out.push_str(digits);
        Cow::Owned(out)
    }
}

impl<T: fmt::Display + FromStr> fmt::Display for XsInt<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl<T: Serialize + FromStr + fmt::Display> Serialize for XsInt<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.spelling == IntSpelling::default() {
            self.value.serialize(s)
        } else {
            s.serialize_str(&self.render())
        }
    }
}

impl<'de, T: FromStr + fmt::Display + TryFrom<i64> + TryFrom<u64>> Deserialize<'de> for XsInt<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<T: FromStr + fmt::Display + TryFrom<i64> + TryFrom<u64>> serde::de::Visitor<'_> for V<T> {
            type Value = XsInt<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer in range, or its text")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                T::try_from(v)
                    .map(XsInt::new)
                    .map_err(|_| E::custom("integer out of range"))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                T::try_from(v)
                    .map(XsInt::new)
                    .map_err(|_| E::custom("integer out of range"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                XsInt::parse_text(v).ok_or_else(|| E::custom("not an integer in range"))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A boolean element (`xs:boolean`) with its spelling: `true`/`false` (the plain one),
/// `1`/`0`, `True`/`False` or `TRUE`/`FALSE`.
///
/// ```
/// use triplink_core::model::itinerary::Boolean;
/// let mut b = Boolean::parse_text("1").unwrap();
/// assert!(b.value);
/// b.value = false;
/// assert_eq!(b.render(), "0");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Boolean {
    /// The value.
    pub value: bool,
    spelling: BoolSpelling,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
enum BoolSpelling {
    #[default]
    Lower,
    Digit,
    Capital,
    Upper,
}

const BOOL_SPELLINGS: [(BoolSpelling, &str, &str); 4] = [
    (BoolSpelling::Lower, "true", "false"),
    (BoolSpelling::Digit, "1", "0"),
    (BoolSpelling::Capital, "True", "False"),
    (BoolSpelling::Upper, "TRUE", "FALSE"),
];

impl Boolean {
    /// The value, spelled `true`/`false`.
    pub const fn new(value: bool) -> Self {
        Boolean {
            value,
            spelling: BoolSpelling::Lower,
        }
    }

    /// The value.
    pub fn get(&self) -> bool {
        self.value
    }
}

impl From<bool> for Boolean {
    fn from(value: bool) -> Self {
        Boolean::new(value)
    }
}

impl PartialEq<bool> for Boolean {
    fn eq(&self, other: &bool) -> bool {
        self.value == *other
    }
}

/// The text form: what the XML codec (`wire::itinerary::scalar`) reads and writes.
impl Boolean {
    /// Reads `true`/`false`, `1`/`0`, `True`/`False` or `TRUE`/`FALSE`, keeping the spelling.
    pub fn parse_text(text: &str) -> Option<Self> {
        let t = trim_text(text);
        BOOL_SPELLINGS.iter().find_map(|&(spelling, yes, no)| {
            (t == yes || t == no).then_some(Boolean {
                value: t == yes,
                spelling,
            })
        })
    }

    /// The text, spelled as it was read.
    pub fn render(&self) -> Cow<'_, str> {
        let (_, yes, no) = BOOL_SPELLINGS
            .iter()
            .find(|(s, _, _)| *s == self.spelling)
            .copied()
            .unwrap_or(BOOL_SPELLINGS[0]);
        Cow::Borrowed(if self.value { yes } else { no })
    }
}

impl fmt::Display for Boolean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl Serialize for Boolean {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.spelling {
            BoolSpelling::Lower => s.serialize_bool(self.value),
            _ => s.serialize_str(&self.render()),
        }
    }
}

impl<'de> Deserialize<'de> for Boolean {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Boolean;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean, or its text")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Boolean, E> {
                Ok(Boolean::new(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Boolean, E> {
                Boolean::parse_text(v).ok_or_else(|| E::custom("not a boolean"))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_written_as_read() {
        for t in [
            "0", "7", "-12", "+1", "+0", "05672568", "-007", "00", "+0042",
        ] {
            let n = Integer::parse_text(t).unwrap();
            assert_eq!(n.render(), t);
            let json = serde_json::to_string(&n).unwrap();
            assert_eq!(serde_json::from_str::<Integer>(&json).unwrap(), n, "{t}");
        }
        assert_eq!(serde_json::to_string(&Integer::from(7)).unwrap(), "7");
        assert_eq!(
            serde_json::to_string(&Integer::parse_text("007").unwrap()).unwrap(),
            "\"007\""
        );
        for bad in [
            "",
            "-",
            "+",
            "1.0",
            "1e3",
            "0x10",
            "-0",
            "- 1",
            "99999999999999999999",
        ] {
            assert!(Integer::parse_text(bad).is_none(), "{bad}");
        }
        assert!(UnsignedByte::parse_text("256").is_none());
        assert!(UnsignedByte::parse_text("-1").is_none());
        assert_eq!(UnsignedByte::parse_text("007").unwrap().render(), "007");
        assert!(serde_json::from_str::<UnsignedByte>("300").is_err());
        let mut n = Integer::parse_text("+05").unwrap();
        n.value = -3;
        assert_eq!(n.render(), "-03");
        n.value = 123;
        assert_eq!(n.render(), "+123");
    }

    #[test]
    fn booleans_are_written_as_read() {
        for t in ["true", "false", "1", "0", "True", "False", "TRUE", "FALSE"] {
            let b = Boolean::parse_text(t).unwrap();
            assert_eq!(b.render(), t);
            let json = serde_json::to_string(&b).unwrap();
            assert_eq!(serde_json::from_str::<Boolean>(&json).unwrap(), b, "{t}");
        }
        assert_eq!(serde_json::to_string(&Boolean::from(true)).unwrap(), "true");
        assert!(Boolean::parse_text("yes").is_none());
        let mut b = Boolean::parse_text("TRUE").unwrap();
        b.value = false;
        assert_eq!(b.to_string(), "FALSE");
    }
}
