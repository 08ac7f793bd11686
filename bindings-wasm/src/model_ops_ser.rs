//! serde's `Serializer` for [`Ops`]: each value appends its ops, in serde_json's JSON shape
//! (externally tagged enums, `null` for `None` and unit, maps as objects with string keys).

use super::{Ops, OpsError, ARR, END, FALSE, KEY_STR, NULL, OBJ, STR, TRUE};
use serde::ser::{self, Serialize};

type R = Result<(), OpsError>;

macro_rules! as_num {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, v: $t) -> R {
            self.num(v as f64);
            Ok(())
        })*
    };
}

impl ser::Serializer for &mut Ops {
    type Ok = ();
    type Error = OpsError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> R {
        self.ops.push(if v { TRUE } else { FALSE });
        Ok(())
    }
    as_num!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_f32: f32, serialize_f64: f64);
    fn serialize_char(self, v: char) -> R {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> R {
        self.text_op(STR, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        self.ops.push(ARR);
        for b in v {
            self.num(f64::from(*b));
        }
        self.ops.push(END);
        Ok(())
    }
    fn serialize_none(self) -> R {
        self.ops.push(NULL);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_unit(self) -> R {
        self.ops.push(NULL);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> R {
        self.ops.push(OBJ);
        self.key(variant);
        v.serialize(&mut *self)?;
        self.ops.push(END);
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, OpsError> {
        self.ops.push(ARR);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, OpsError> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, OpsError> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, OpsError> {
        self.ops.push(OBJ);
        self.key(variant);
        self.serialize_seq(None)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, OpsError> {
        self.ops.push(OBJ);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, OpsError> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, OpsError> {
        self.ops.push(OBJ);
        self.key(variant);
        self.serialize_map(None)
    }
}

/// Closes an array or object; variants close their wrapping object as well.
fn end(o: &mut Ops, wrapped: bool) -> R {
    o.ops.push(END);
    if wrapped {
        o.ops.push(END);
    }
    Ok(())
}

/// The compound serializers: elements (or fields, after their key) in order, then `end`.
macro_rules! compound {
    ($($trait:ident::$method:ident, wrapped: $wrapped:expr;)*) => {
        $(impl ser::$trait for &mut Ops {
            type Ok = ();
            type Error = OpsError;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
                v.serialize(&mut **self)
            }
            fn end(self) -> R {
                end(self, $wrapped)
            }
        })*
    };
    ($($trait:ident, wrapped: $wrapped:expr;)*) => {
        $(impl ser::$trait for &mut Ops {
            type Ok = ();
            type Error = OpsError;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> R {
                self.key(key);
                v.serialize(&mut **self)
            }
            fn end(self) -> R {
                end(self, $wrapped)
            }
        })*
    };
}

compound! {
    SerializeSeq::serialize_element, wrapped: false;
    SerializeTuple::serialize_element, wrapped: false;
    SerializeTupleStruct::serialize_field, wrapped: false;
    SerializeTupleVariant::serialize_field, wrapped: true;
}

compound! {
    SerializeStruct, wrapped: false;
    SerializeStructVariant, wrapped: true;
}

impl ser::SerializeMap for &mut Ops {
    type Ok = ();
    type Error = OpsError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> R {
        key.serialize(MapKey(self))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        v.serialize(&mut **self)
    }
    fn end(self) -> R {
        end(self, false)
    }
}

/// A map key: a string, or a number or bool written as one (what serde_json does).
struct MapKey<'a>(&'a mut Ops);

impl MapKey<'_> {
    fn text(self, s: &str) -> R {
        self.0.text_op(KEY_STR, s);
        Ok(())
    }
    fn not_text() -> OpsError {
        OpsError("a map key must be a string".into())
    }
}

/// Map keys that serde_json writes as their text.
macro_rules! key_display {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, v: $t) -> R {
            self.text(&v.to_string())
        })*
    };
}

/// Map keys serde_json refuses (and so does the op stream).
macro_rules! key_refused {
    ($($f:ident($($a:ty),*) $(-> $out:ident)?),* $(,)?) => {
        $(fn $f(self, $(_: $a),*) -> Result<key_refused!(@out $($out)?), OpsError> {
            Err(MapKey::not_text())
        })*
    };
    (@out) => { () };
    (@out $out:ident) => { Self::$out };
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = OpsError;
    type SerializeSeq = ser::Impossible<(), OpsError>;
    type SerializeTuple = ser::Impossible<(), OpsError>;
    type SerializeTupleStruct = ser::Impossible<(), OpsError>;
    type SerializeTupleVariant = ser::Impossible<(), OpsError>;
    type SerializeMap = ser::Impossible<(), OpsError>;
    type SerializeStruct = ser::Impossible<(), OpsError>;
    type SerializeStructVariant = ser::Impossible<(), OpsError>;

    fn serialize_str(self, v: &str) -> R {
        self.text(v)
    }
    fn serialize_char(self, v: char) -> R {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    key_display!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16,
        serialize_i32: i32, serialize_i64: i64, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64);
    key_refused!(
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_seq(Option<usize>) -> SerializeSeq,
        serialize_tuple(usize) -> SerializeTuple,
        serialize_tuple_struct(&'static str, usize) -> SerializeTupleStruct,
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> SerializeTupleVariant,
        serialize_map(Option<usize>) -> SerializeMap,
        serialize_struct(&'static str, usize) -> SerializeStruct,
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> SerializeStructVariant,
    );
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        self.text(variant)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> R {
        Err(MapKey::not_text())
    }
}
