//! The typed model into JS objects in one crossing: a serde serializer that writes a compact
//! op stream and one text buffer, which `js/model.js` turns into the plain objects serde_json
//! would give (same keys, same order, `null` for a missing value).
//!
//! Why not serde-wasm-bindgen: it sets every property and decodes every string across the
//! boundary, a JS call each; here the whole value crosses once (the ops as a view of wasm
//! memory, all text as one string) and the serializer only appends bytes, so each of the
//! model's 38 records costs a fraction of the code. The README has the measurements.
//!
//! Field names are `&'static str`s: each is sent once per module instance (`KEY_NEW`) and
//! then by number (`KEY`); both sides keep the table. Every stream starts with the number of
//! names the Rust side believes JS holds: 0 empties the JS table, and any other number that
//! is not what JS holds makes it refuse the stream (then `model_to_js` sends it again from
//! an empty table), so the two can never silently disagree.

use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) const END: u8 = 0;
pub(crate) const OBJ: u8 = 1;
pub(crate) const ARR: u8 = 2;
pub(crate) const STR: u8 = 3;
pub(crate) const NULL: u8 = 4;
pub(crate) const TRUE: u8 = 5;
pub(crate) const FALSE: u8 = 6;
pub(crate) const NUM: u8 = 7;
pub(crate) const KEY_NEW: u8 = 8;
pub(crate) const KEY: u8 = 9;
pub(crate) const KEY_STR: u8 = 10;

/// Hashes a static key by where it lives (address and length): keys are compared by identity.
#[derive(Default)]
struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type KeyTable = HashMap<(usize, usize), u32, BuildHasherDefault<AddrHasher>>;

thread_local! {
    /// The keys already sent to JS, by address and length, with their number there.
    static KEYS: RefCell<KeyTable> = RefCell::new(KeyTable::default());
}

/// A serializer failure (a value serde_json could not encode either, e.g. a non-string map key).
#[derive(Debug)]
pub(crate) struct OpsError(pub(crate) String);

impl std::fmt::Display for OpsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OpsError {}

impl ser::Error for OpsError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        OpsError(msg.to_string())
    }
}

/// The op stream and text of one value.
pub(crate) struct Ops {
    pub(crate) ops: Vec<u8>,
    pub(crate) text: String,
    keys: KeyTable,
}

impl Ops {
    /// Encodes `value`. The key table is taken for the call and put back with the keys this
    /// stream adds only if the JS side then reads it ([`Ops::done`]); on any failure it is
    /// left empty, so the next stream starts from an empty table.
    pub(crate) fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Ops, OpsError> {
        let keys = KEYS.with(|k| std::mem::take(&mut *k.borrow_mut()));
        let mut o = Ops {
            ops: Vec::with_capacity(1024),
            text: String::with_capacity(1024),
            keys,
        };
        o.varint(o.keys.len());
        value.serialize(&mut o)?;
        Ok(o)
    }

    /// Keeps the keys this stream sent (call once JS has read it).
    pub(crate) fn done(self) {
        KEYS.with(|k| *k.borrow_mut() = self.keys);
    }

    fn varint(&mut self, mut n: usize) {
        while n >= 0x80 {
            self.ops.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.ops.push(n as u8);
    }

    /// `op`, then `s`'s length in UTF-16 units (what JS slices by), with `s` in the text.
    fn text_op(&mut self, op: u8, s: &str) {
        self.ops.push(op);
        let units = if s.is_ascii() {
            s.len()
        } else {
            s.chars().map(char::len_utf16).sum()
        };
        self.varint(units);
        self.text.push_str(s);
    }

    fn key(&mut self, key: &'static str) {
        let id = (key.as_ptr() as usize, key.len());
        match self.keys.get(&id) {
            Some(&n) => {
                self.ops.push(KEY);
                self.varint(n as usize);
            }
            None => {
                let n = self.keys.len() as u32;
                self.keys.insert(id, n);
                self.text_op(KEY_NEW, key);
            }
        }
    }

    fn num(&mut self, v: f64) {
        if v.is_finite() {
            self.ops.push(NUM);
            self.ops.extend_from_slice(&v.to_le_bytes());
        } else {
            // serde_json writes NaN and the infinities as null.
            self.ops.push(NULL);
        }
    }
}

#[path = "model_ops_ser.rs"]
mod ser_impl;
