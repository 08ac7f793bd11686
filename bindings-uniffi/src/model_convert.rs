//! The pieces the generated typed models (`generated/`) are built from: the conversion traits
//! between the core's model and the binding's records, the spelled scalars (a value plus the
//! text it was read as, so an unedited value writes back as read), and unknown XML kept as
//! typed element/text nodes.

use crate::errors::{invalid, Result};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use triplink_core::model::itinerary::{Boolean, Decimal, ItinDateTime, Text, XsInt};
use triplink_core::wire::itinerary::scalar::XmlScalar;
use triplink_core::wire::xml_tree::{XmlElement as CoreElement, XmlNode as CoreNode};

/// The core's value as the binding's record (never fails: every core value has a record).
pub(crate) trait Lower<T> {
    /// Converts.
    fn lower(self) -> T;
}

/// The binding's record back into the core's value; a value the core's type cannot hold (a
/// date that is not one) is an `InvalidInput` naming `field`.
pub(crate) trait Lift<T> {
    /// Converts.
    fn lift(self, field: &str) -> Result<T>;
}

impl<A: Lower<B>, B> Lower<Option<B>> for Option<A> {
    fn lower(self) -> Option<B> {
        self.map(Lower::lower)
    }
}

impl<A: Lower<B>, B> Lower<Vec<B>> for Vec<A> {
    fn lower(self) -> Vec<B> {
        self.into_iter().map(Lower::lower).collect()
    }
}

impl<A: Lower<B>, B> Lower<B> for Box<A> {
    fn lower(self) -> B {
        (*self).lower()
    }
}

impl<A: Lift<B>, B> Lift<Option<B>> for Option<A> {
    fn lift(self, field: &str) -> Result<Option<B>> {
        self.map(|v| v.lift(field)).transpose()
    }
}

impl<A: Lift<B>, B> Lift<Vec<B>> for Vec<A> {
    fn lift(self, field: &str) -> Result<Vec<B>> {
        self.into_iter().map(|v| v.lift(field)).collect()
    }
}

/// Text-valued scalars (strings, dates, decimals, enumerations): their text as written.
macro_rules! text_scalar {
    ($($t:ty),*) => {$(
        impl $crate::model_convert::Lower<String> for $t {
            fn lower(self) -> String {
                triplink_core::wire::itinerary::scalar::XmlScalar::render(&self).into_owned()
            }
        }
        impl $crate::model_convert::Lift<$t> for String {
            fn lift(self, field: &str) -> $crate::errors::Result<$t> {
                <$t as triplink_core::wire::itinerary::scalar::XmlScalar>::parse_text(&self)
                    .ok_or_else(|| $crate::errors::invalid(field, "does not fit the element's XSD type"))
            }
        }
    )*};
}
pub(crate) use text_scalar;

text_scalar!(Text, Decimal, ItinDateTime);

/// Values the binding carries as they are.
macro_rules! same {
    ($($t:ty),*) => {$(
        impl Lower<$t> for $t {
            fn lower(self) -> $t {
                self
            }
        }
        impl Lift<$t> for $t {
            fn lift(self, _: &str) -> Result<$t> {
                Ok(self)
            }
        }
    )*};
}
same!(String, bool, u8, u32);

/// A JSON number as a double (Request v4 amounts and coordinates); integral values go back as
/// JSON integers.
impl Lower<f64> for Number {
    fn lower(self) -> f64 {
        self.as_f64().unwrap_or(f64::NAN)
    }
}

impl Lift<Number> for f64 {
    fn lift(self, field: &str) -> Result<Number> {
        if self.fract() == 0.0 && self.abs() < 9_007_199_254_740_992.0 {
            return Ok(Number::from(self as i64));
        }
        Number::from_f64(self).ok_or_else(|| invalid(field, "must be a finite number"))
    }
}

/// Free-form JSON (a value the swagger does not type) as its JSON text.
impl Lower<String> for Value {
    fn lower(self) -> String {
        self.to_string()
    }
}

impl Lift<Value> for String {
    fn lift(self, field: &str) -> Result<Value> {
        serde_json::from_str(&self).map_err(|e| crate::errors::bad_json(field, &e))
    }
}

/// Keys a Request v4 object does not name: each value as JSON text.
impl Lower<HashMap<String, String>> for Map<String, Value> {
    fn lower(self) -> HashMap<String, String> {
        self.into_iter().map(|(k, v)| (k, v.lower())).collect()
    }
}

impl Lift<Map<String, Value>> for HashMap<String, String> {
    fn lift(self, _: &str) -> Result<Map<String, Value>> {
        self.into_iter()
            .map(|(k, v)| {
                let value = v.lift(&k)?;
                Ok((k, value))
            })
            .collect()
    }
}

/// An integer element (`xs:integer`, `xs:long`) and the text it was read as (`+1`,
/// `05672568`). Edit `value`; `text` is only kept while it still spells `value`.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SpelledInt {
    /// The value.
    pub value: i64,
    /// The text read (written back while it still means `value`).
    pub text: String,
}

/// An `xs:unsignedByte` element and the text it was read as (see [`SpelledInt`]).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SpelledByte {
    /// The value.
    pub value: u8,
    /// The text read (written back while it still means `value`).
    pub text: String,
}

/// An `xs:boolean` element and the text it was read as (`1`, `True`; see [`SpelledInt`]).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SpelledBool {
    /// The value.
    pub value: bool,
    /// The text read (written back while it still means `value`).
    pub text: String,
}

macro_rules! spelled {
    ($rec:ident, $core:ty, $v:ty) => {
        impl Lower<$rec> for $core {
            fn lower(self) -> $rec {
                $rec {
                    value: self.value,
                    text: self.render().into_owned(),
                }
            }
        }
        impl Lift<$core> for $rec {
            fn lift(self, _: &str) -> Result<$core> {
                Ok(match <$core as XmlScalar>::parse_text(&self.text) {
                    Some(read) if read.value == self.value => read,
                    _ => <$core>::from(self.value),
                })
            }
        }
    };
}
spelled!(SpelledInt, XsInt<i64>, i64);
spelled!(SpelledByte, XsInt<u8>, u8);
spelled!(SpelledBool, Boolean, bool);

/// An attribute of an element the model keeps verbatim.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct XmlAttr {
    /// Local name.
    pub name: String,
    /// Unescaped value.
    pub value: String,
}

/// An element the model does not know, kept verbatim: local name, attributes, children.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct XmlElement {
    /// Local name (prefix dropped).
    pub name: String,
    /// Attributes in order.
    pub attrs: Vec<XmlAttr>,
    /// Child elements and text runs in document order.
    pub children: Vec<XmlNode>,
}

/// A child of an unknown element.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum XmlNode {
    /// A child element.
    Element {
        /// The element.
        element: XmlElement,
    },
    /// A run of text.
    Text {
        /// The text (references resolved).
        text: String,
    },
}

impl Lower<XmlAttr> for (String, String) {
    fn lower(self) -> XmlAttr {
        XmlAttr {
            name: self.0,
            value: self.1,
        }
    }
}

impl Lift<(String, String)> for XmlAttr {
    fn lift(self, _: &str) -> Result<(String, String)> {
        Ok((self.name, self.value))
    }
}

impl Lower<XmlElement> for CoreElement {
    fn lower(self) -> XmlElement {
        XmlElement {
            name: self.name,
            attrs: self.attrs.lower(),
            children: self.children.lower(),
        }
    }
}

impl Lift<CoreElement> for XmlElement {
    fn lift(self, field: &str) -> Result<CoreElement> {
        Ok(CoreElement {
            name: self.name,
            attrs: self.attrs.lift(field)?,
            children: self.children.lift(field)?,
        })
    }
}

impl Lower<XmlNode> for CoreNode {
    fn lower(self) -> XmlNode {
        match self {
            CoreNode::Element(e) => XmlNode::Element { element: e.lower() },
            CoreNode::Text(text) => XmlNode::Text { text },
        }
    }
}

impl Lift<CoreNode> for XmlNode {
    fn lift(self, field: &str) -> Result<CoreNode> {
        Ok(match self {
            XmlNode::Element { element } => CoreNode::Element(element.lift(field)?),
            XmlNode::Text { text } => CoreNode::Text(text),
        })
    }
}

/// Declares a record of a typed value with the call's `concur-correlationid`.
macro_rules! traced {
    ($name:ident, $t:ty, $what:literal) => {
        #[doc = $what]
        #[derive(Clone, Debug, PartialEq, uniffi::Record)]
        pub struct $name {
            /// The value.
            pub value: $t,
            /// The response's `concur-correlationid`, when sent.
            pub correlation_id: Option<String>,
        }

        impl<C: $crate::model_convert::Lower<$t>> From<triplink_core::client::Traced<C>> for $name {
            fn from(t: triplink_core::client::Traced<C>) -> Self {
                $name {
                    value: t.value.lower(),
                    correlation_id: t.correlation_id,
                }
            }
        }
    };
}
pub(crate) use traced;
