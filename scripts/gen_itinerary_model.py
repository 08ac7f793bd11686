#!/usr/bin/env python3
"""Generates the Itinerary v1 model from the XSD, in two trees: the types in
core/src/model/itinerary/generated/ and their XML codec in core/src/wire/itinerary/generated/,
one file per record named after it (`Hotel` in hotel.rs in both), plus lists.rs (list item
enums), values.rs (enumerated values) and, in the model, limits.rs (length limits). Each tree
has its own emit functions (model_*, wire_*); a new output tree gets its own emit_*_tree.

Every complexType becomes a Rust struct with one typed field per element the XSD names
(xs:string -> Text (CompactString), xs:dateTime -> ItinDateTime, xs:decimal/xs:double -> Decimal,
xs:integer/xs:long -> Integer, xs:unsignedByte -> UnsignedByte, xs:boolean -> Boolean (each keeps
its spelling: `05672568`, `+1`, `1` are written back as read), enumerations -> enums
with an Other fallback), lists of one element kind become Option<Vec<T>>, lists of several
kinds become Option<Vec<Enum>>, and every struct keeps unknown or ill-typed elements verbatim
in `extra`. Run from the repository root: python3 scripts/gen_itinerary_model.py && cargo fmt --all
(an optional argument DIR writes the trees to DIR/model and DIR/wire: scripts/test.sh checks that
the committed files are what this script gives).
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

XS = '{http://www.w3.org/2001/XMLSchema}'
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
XSD = os.path.join(ROOT, 'spec', 'itinerary-v1', 'patched', 'ItinServices_Public_0.patched.xsd')
# The two trees: the types (model) and their XML codec (wire). An optional argument DIR writes
# them to DIR/model and DIR/wire instead (scripts/test.sh diffs those against the committed ones).
if len(sys.argv) > 1:
    MODEL_OUT, WIRE_OUT = os.path.join(sys.argv[1], 'model'), os.path.join(sys.argv[1], 'wire')
else:
    MODEL_OUT = os.path.join(ROOT, 'core', 'src', 'model', 'itinerary', 'generated')
    WIRE_OUT = os.path.join(ROOT, 'core', 'src', 'wire', 'itinerary', 'generated')
BUILTIN = {'xs:string': 'Text', 'xs:dateTime': 'ItinDateTime', 'xs:decimal': 'Decimal', 'xs:double': 'Decimal',
           'xs:integer': 'Integer', 'xs:long': 'Integer', 'xs:int': 'Integer', 'xs:unsignedByte': 'UnsignedByte',
           'xs:boolean': 'Boolean'}
# List items boxed in their Vec: a booking is over 1 KB, and a 1 MB trip's Vec<Booking> grew by
# copying hundreds of KB (and, past glibc's mmap threshold, by faulting in fresh pages) on every
# read; boxed, the Vec holds pointers. The small list items stay inline.
BOXED_LIST_ITEMS = {'Booking'}
KEYWORDS = {'type', 'match', 'ref', 'move', 'use', 'mod', 'fn', 'struct', 'enum', 'impl', 'loop', 'self', 'box'}


def snake(name):
    s = re.sub(r'([A-Z]+)([A-Z][a-z])', r'\1_\2', name)
    s = re.sub(r'([a-z0-9])([A-Z])', r'\1_\2', s).lower()
    return s + '_' if s in KEYWORDS else s


def camel(value):
    parts = re.split(r'[^A-Za-z0-9]+', value)
    v = ''.join(p[:1].upper() + p[1:] for p in parts if p)
    return v if v and not v[0].isdigit() else 'V' + v


def struct_name(type_name):
    return type_name[:-4] if type_name.endswith('Type') else type_name


def children(ct):
    """Element declarations directly in a complexType's (nested) choice/sequence groups."""
    out = []
    for node in ct:
        if node.tag in (XS + 'choice', XS + 'sequence'):
            for c in node:
                if c.tag == XS + 'element':
                    out.append(c)
                elif c.tag in (XS + 'choice', XS + 'sequence'):
                    out.extend(children(_wrap(c)))
    return out


def _wrap(group):
    w = ET.Element(XS + 'complexType')
    w.append(group)
    return w


def dispatch(names, var):
    """A Rust expression giving the index in `names` of the element name `var` (a `&str`), or
    `u16::MAX`: a switch on the length, then a full compare with each name of that length.
    rustc checks string patterns one after another; in the opt-level "z" wasm build, where the
    compares stay calls, a record of up to 90 names cost tens of calls per element (7-10 %
    faster trip parses in the npm package for 3.3 KB gzipped; natively the same code)."""
    by_len = {}
    for i, n in enumerate(names):
        by_len.setdefault(len(n), []).append((i, n))
    out = [f'match {var}.len() {{\n']
    for ln in sorted(by_len):
        for i, n in by_len[ln]:
            out.append(f'{ln} if {var} == "{n}" => {i}u16,\n')
    out.append('_ => u16::MAX,\n}')
    return ''.join(out)


def walk_xsd():
    """The XSD walk every emitter shares (this script's trees, and the bindings' generators
    scripts/gen_ts_types.py and scripts/gen_uniffi_types.py through scripts/model_walk.py)."""
    root = ET.parse(XSD).getroot()
    types = {c.get('name'): c for c in root.findall(XS + 'complexType')}
    arrays, records = {}, {}
    for name, ct in types.items():
        (arrays if '_ArrayOf' in name else records)[name] = ct
    enums = {}          # enum name -> values
    choice_enums = {}   # sorted kinds tuple -> enum name (the same set in another order is one enum)
    choice_kinds = {}   # sorted kinds tuple -> kinds in first-seen order
    limits = []         # (struct, element, max length)
    structs = []        # (name, xsd name, fields)

    def array_info(aname):
        kinds = [(e.get('name'), e.get('type')) for e in children(arrays[aname])]
        if len(kinds) == 1:
            return ('list', kinds[0])
        key = tuple(sorted(kinds))
        if key not in choice_enums:
            choice_kinds[key] = kinds
            base = aname.split('_ArrayOf')[1]
            base = base[:-1] if base.endswith('s') else base
            n = base
            i = 2
            while n in choice_enums.values() or n in {struct_name(r) for r in records}:
                n = base + 'Item' if i == 2 else f'{base}Item{i}'
                i += 1
            choice_enums[key] = n
        return ('choice', choice_enums[key])

    for tname, ct in records.items():
        sname = struct_name(tname)
        fields = []
        seen = set()
        for e in children(ct):
            ename = e.get('name')
            if ename in seen:
                continue
            seen.add(ename)
            fname = snake(ename)
            many = e.get('maxOccurs') not in (None, '1')
            typ = e.get('type')
            kind = None
            if typ in BUILTIN:
                kind = ('scalar_list' if many else 'scalar', BUILTIN[typ])
            elif typ in arrays:
                info = array_info(typ)
                if info[0] == 'list':
                    item_name, item_type = info[1]
                    if item_type in BUILTIN:
                        kind = ('raw', None)
                    else:
                        kind = ('list', (struct_name(item_type), item_name))
                else:
                    kind = ('choice', info[1])
            elif typ in records:
                kind = ('record_list' if many else 'record', struct_name(typ))
            elif typ is None:
                st = e.find(XS + 'simpleType')
                if e.find(XS + 'complexType') is not None:
                    kind = ('raw', None)
                elif st is not None:
                    r = st.find(XS + 'restriction')
                    base = r.get('base') if r is not None else 'xs:string'
                    vals = [x.get('value') for x in r.findall(XS + 'enumeration')] if r is not None else []
                    ml = r.find(XS + 'maxLength') if r is not None else None
                    if ml is not None:
                        limits.append((sname, ename, int(ml.get('value'))))
                    if vals:
                        en = ename
                        enums[en] = vals
                        kind = ('scalar', en)
                    else:
                        kind = ('scalar_list' if many else 'scalar', BUILTIN.get(base, 'Text'))
                else:
                    kind = ('scalar', 'Text')
            else:
                print(f'unknown type {typ} for {tname}.{ename}', file=sys.stderr)
                kind = ('raw', None)
            fields.append((ename, fname, kind))
        structs.append((sname, tname, fields))
    return Schema(structs, choice_enums, choice_kinds, enums, limits)


def main():
    s = walk_xsd()
    emit_model_tree(s, MODEL_OUT)
    emit_wire_tree(s, WIRE_OUT)
    print(f'{len(s.structs)} structs, {len(s.choice_enums)} choice enums, {len(s.enums)} value enums, '
          f'{len(s.limits)} length limits; {len(s.structs) + 4} model files, {len(s.structs) + 3} wire files')


class Schema:
    """What the XSD declares, as the emitters read it: records (name, XSD name, fields), the
    list-item (choice) enums, the value enums and the length limits."""

    def __init__(self, structs, choice_enums, choice_kinds, enums, limits):
        self.structs = structs
        self.choice_enums = choice_enums
        self.choice_kinds = choice_kinds
        self.enums = enums
        self.limits = limits


HEADER = ('//! GENERATED by scripts/gen_itinerary_model.py from the Itinerary v1 XSD — do not edit;\n'
          '//! {what}\n\n#![allow({allow})]\n\n')
MODEL_ALLOW = 'missing_docs, unused_imports, clippy::large_enum_variant'
WIRE_ALLOW = 'unused_imports, clippy::field_reassign_with_default'
MODEL_USES = ('use super::super::scalars::{Decimal, ItinDateTime, Text};\n'
              'use super::super::spelled::{Boolean, Integer, UnsignedByte};\n'
              'use super::*;\n'
              'use crate::model::xml_element::{XmlElement, XmlNode};\n'
              'use serde::{Deserialize, Serialize};\n\n')
WIRE_USES = ('use super::super::scalar::XmlScalar;\n'
             'use super::super::xml_record::*;\n'
             'use crate::model::itinerary::*;\n'
             'use crate::wire::xml_stream::{Open, Tag, XmlStream};\n'
             'use crate::wire::xml_tree::{XmlElement, XmlNode};\n\n')


def write_tree(out_dir, files, mod_doc, reexport):
    """Writes `files` (module name -> text) and their mod.rs into `out_dir`, after removing
    the .rs files a previous run left there (a renamed record leaves no stale file)."""
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):
        if old.endswith('.rs'):
            os.remove(os.path.join(out_dir, old))
    for name, text in files.items():
        with open(os.path.join(out_dir, name + '.rs'), 'w') as f:
            f.write(text)
    with open(os.path.join(out_dir, 'mod.rs'), 'w') as f:
        f.write('//! GENERATED by scripts/gen_itinerary_model.py from the Itinerary v1 XSD — do not edit;\n'
                f'//! {mod_doc}\n\n')
        for m in sorted(files):
            f.write(f'mod {m};\n')
        if reexport:
            f.write('\n')
            for m in sorted(files):
                f.write(f'pub use {m}::*;\n')


def rust_type(kind):
    k, t = kind
    return {'scalar': lambda: f'Option<{t}>', 'scalar_list': lambda: f'Vec<{t}>',
            'record': lambda: f'Option<Box<{t}>>', 'record_list': lambda: f'Vec<{t}>',
            'list': lambda: (f'Option<Vec<Box<{t[0]}>>>' if t[0] in BOXED_LIST_ITEMS
                             else f'Option<Vec<{t[0]}>>'), 'choice': lambda: f'Option<Vec<{t}>>',
            'raw': lambda: 'Option<XmlElement>'}[k]()


# ---- model tree: core/src/model/itinerary/generated (types only, no codec) ----

def model_record(sname, tname, fields):
    """The struct of one record: plain data with serde, nothing of XML."""
    o = [f'/// `{tname}` of the Itinerary v1 XSD.\n',
         '#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]\n',
         '#[serde(rename_all = "camelCase", default)]\n',
         f'pub struct {sname} {{\n']
    for ename, fname, kind in fields:
        skip = 'Vec::is_empty' if rust_type(kind).startswith('Vec<') else 'Option::is_none'
        o.append(f'    /// `<{ename}>`\n    #[serde(skip_serializing_if = "{skip}")]\n    pub {fname}: {rust_type(kind)},\n')
    o.append('    /// Elements this model does not know (or that did not fit their type), kept in order.\n'
             '    #[serde(skip_serializing_if = "Vec::is_empty")]\n'
             '    pub extra: Vec<XmlNode>,\n    /// Attributes of the element itself.\n'
             '    #[serde(skip_serializing_if = "Vec::is_empty")]\n'
             '    pub extra_attrs: Vec<(String, String)>,\n}\n')
    return ''.join(o)


def model_choice_enum(name, kinds):
    o = [f'/// An item of a list that may hold {", ".join(k for k, _ in kinds)}.\n'
         '#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]\n'
         f'pub enum {name} {{\n']
    for k, t in kinds:
        o.append(f'    /// `<{k}>`\n    {k}(Box<{struct_name(t)}>),\n')
    # Boxed like the known kinds: the enum stays two words, not an inline XmlElement's nine.
    o.append('    /// An element kind the schema does not name, kept verbatim.\n    Other(Box<XmlElement>),\n}\n\n')
    return ''.join(o)


def model_value_enum(name, vals):
    o = [f'/// `{name}` values of the XSD; `Other` keeps a value it does not list.\n'
         '#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]\n'
         f'pub enum {name} {{\n']
    for v in vals:
        o.append(f'    /// `{v}`\n    {camel(v)},\n')
    o.append('    /// A value the XSD does not list.\n    Other(String),\n}\n\n')
    return ''.join(o)


def model_limits(limits):
    o = ['/// Documented length limits (struct, element, max characters) from the XSD.\n'
         'pub const LENGTH_LIMITS: &[(&str, &str, usize)] = &[\n']
    for s, el, n in limits:
        o.append(f'    ("{s}", "{el}", {n}),\n')
    o.append('];\n')
    return ''.join(o)


def emit_model_tree(schema, out_dir):
    """One file per record named after it, the list-item enums, the value enums, the limits."""
    header = lambda what: HEADER.format(what=what, allow=MODEL_ALLOW)
    files = {}
    for sname, tname, fields in schema.structs:
        files[snake(sname)] = header(f'the `{sname}` record.') + MODEL_USES + model_record(sname, tname, fields)
    files['lists'] = (header('list item enums (lists that hold several element kinds).') + MODEL_USES
                      + ''.join(model_choice_enum(n, schema.choice_kinds[k]) for k, n in schema.choice_enums.items()))
    files['values'] = (header('enumerated values.') + MODEL_USES
                       + ''.join(model_value_enum(n, v) for n, v in schema.enums.items()))
    files['limits'] = header('the length limits the XSD documents.') + model_limits(schema.limits)
    write_tree(out_dir, files, 'the typed Itinerary v1 model, one struct per XSD complexType '
               '(its XML codec: `wire::itinerary::generated`).', reexport=True)


# ---- wire tree: core/src/wire/itinerary/generated (the XML codec of each type) ----

def wire_record(sname, fields):
    """The streaming reader and the writer of one record."""
    o = [f'impl ReadInto for {sname} {{\n'
         '    fn read_into<\'a>(&mut self, s: &mut XmlStream<\'a>, open: Tag<\'a>) -> crate::error::Result<()> {\n'
         '        let v = self;\n        let empty = open.empty;\n        v.extra_attrs = open.attrs;\n'
         '        let mut extra = Vec::new();\n'
         '        children(s, empty, &mut extra, |s, o, extra| {\n'
         '            let name: &str = &o.name;\n'
         f'            let k = {dispatch([f[0] for f in fields], "name")};\n'
         '            match k {\n']
    for i, (ename, fname, (k, t)) in enumerate(fields):
        call = {'scalar': f'scalar(s, o, &mut v.{fname}, extra)',
                'scalar_list': f'scalar_list(s, o, &mut v.{fname}, extra)',
                'record': f'record(s, o, &mut v.{fname}, extra)',
                'record_list': f'read_item(s, o, &mut v.{fname})',
                'list': f'list(s, o, "{t[1] if k == "list" else ""}", &mut v.{fname}, extra)',
                'choice': f'choice_list(s, o, &mut v.{fname}, extra)',
                'raw': f'{{ let e = s.capture_tag(o)?; if v.{fname}.is_none() {{ v.{fname} = Some(e) }} else {{ extra.push(XmlNode::Element(e)) }} Ok(()) }}'}[k]
        o.append(f'                {i} => {call},\n')
    o.append('                _ => {\n                    let e = s.capture_tag(o)?;\n                    extra.push(XmlNode::Element(e));\n                    Ok(())\n                }\n            }\n        })?;\n'
             '        v.extra = extra;\n        Ok(())\n    }\n}\n\n'
             f'impl ReadTag for {sname} {{\n'
             '    fn read_tag<\'a>(s: &mut XmlStream<\'a>, open: Tag<\'a>) -> crate::error::Result<Self> {\n'
             '        let mut v = Self::default();\n        v.read_into(s, open)?;\n        Ok(v)\n    }\n}\n\n'
             f'impl XmlRecord for {sname} {{\n'
             '    fn read_stream(s: &mut XmlStream<\'_>, open: Open) -> crate::error::Result<Self> {\n'
             '        Self::read_tag(s, open.into())\n    }\n\n'
             '    fn write_xml(&self, out: &mut XmlOut, tag: &str) {\n        open(out, tag, &self.extra_attrs);\n')
    for ename, fname, (k, t) in fields:
        line = {'scalar': f'write_scalar(out, "{ename}", &self.{fname});',
                'scalar_list': f'for x in &self.{fname} {{ write_one(out, "{ename}", x); }}',
                'record': f'if let Some(x) = &self.{fname} {{ x.write_xml(out, "{ename}"); }}',
                'record_list': f'for x in &self.{fname} {{ x.write_xml(out, "{ename}"); }}',
                'list': f'write_list(out, "{ename}", "{t[1] if k == "list" else ""}", &self.{fname});',
                'choice': f'write_choice_list(out, "{ename}", &self.{fname});',
                'raw': f'if let Some(x) = &self.{fname} {{ write_element(out, x); }}'}[k]
        o.append(f'        {line}\n')
    o.append('        write_nodes(out, &self.extra);\n        close(out, tag);\n    }\n}\n')
    return ''.join(o)


def wire_choice_enum(name, kinds):
    o = [f'impl ReadTag for {name} {{\n'
         '    fn read_tag<\'a>(s: &mut XmlStream<\'a>, open: Tag<\'a>) -> crate::error::Result<Self> {\n'
         '        if is_nil(&open.attrs) {\n            return Ok(Self::Other(Box::new(s.capture_tag(open)?)));\n        }\n'
         '        let name: &str = &open.name;\n'
         f'        let k = {dispatch([k for k, _ in kinds], "name")};\n'
         '        Ok(match k {\n']
    for i, (k, t) in enumerate(kinds):
        o.append(f'            {i} => Self::{k}(read_boxed(s, open)?),\n')
    o.append('            _ => Self::Other(Box::new(s.capture_tag(open)?)),\n        })\n    }\n}\n\n'
             f'impl XmlChoice for {name} {{\n'
             '    fn read_choice_stream(s: &mut XmlStream<\'_>, open: Open) -> crate::error::Result<Self> {\n'
             '        Self::read_tag(s, open.into())\n    }\n\n'
             '    fn write_choice(&self, out: &mut XmlOut) {\n        match self {\n')
    for k, _ in kinds:
        o.append(f'            Self::{k}(x) => x.write_xml(out, "{k}"),\n')
    o.append('            Self::Other(x) => write_element(out, x),\n        }\n    }\n}\n\n')
    return ''.join(o)


def wire_value_enum(name, vals):
    o = [f'impl XmlScalar for {name} {{\n    fn parse_text(text: &str) -> Option<Self> {{\n'
         '        Some(match text.trim() {\n']
    for v in vals:
        o.append(f'            "{v}" => Self::{camel(v)},\n')
    o.append('            other => Self::Other(other.to_owned()),\n        })\n    }\n\n'
             '    fn render(&self) -> std::borrow::Cow<\'_, str> {\n        std::borrow::Cow::Borrowed(match self {\n')
    for v in vals:
        o.append(f'            Self::{camel(v)} => "{v}",\n')
    o.append('            Self::Other(s) => s,\n        })\n    }\n}\n\n')
    return ''.join(o)


def emit_wire_tree(schema, out_dir):
    """The codec of each model file, in a file of the same name."""
    header = lambda what: HEADER.format(what=what, allow=WIRE_ALLOW)
    files = {}
    for sname, tname, fields in schema.structs:
        files[snake(sname)] = header(f'the XML codec of the `{sname}` record.') + WIRE_USES + wire_record(sname, fields)
    files['lists'] = (header('the XML codec of the list item enums.') + WIRE_USES
                      + ''.join(wire_choice_enum(n, schema.choice_kinds[k]) for k, n in schema.choice_enums.items()))
    files['values'] = (header('the XML text of the enumerated values.') + WIRE_USES
                       + ''.join(wire_value_enum(n, v) for n, v in schema.enums.items()))
    write_tree(out_dir, files, 'the XML codec of each generated Itinerary v1 type '
               '(`model::itinerary::generated`): streaming readers and writers.', reexport=False)


if __name__ == '__main__':
    main()
