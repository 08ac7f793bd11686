"""The two model sources the bindings' generators read, as plain data.

- Itinerary v1: the XSD walk of gen_itinerary_model.py (`walk_xsd`), one walk for every emitter.
- Request v4: the serde structs and `open_enum!`s of core/src/model/request_v4/*.rs (the model
  is hand-written Rust, so its source is the truth): each struct's JSON keys, Rust types,
  whether serde may leave them out, and whether it keeps unknown keys (`#[serde(flatten)]
  extra`). Anything this reader does not understand stops it, so a new construct in the model
  fails the generated-code check instead of being skipped.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_itinerary_model  # noqa: E402
from gen_itinerary_model import ROOT  # noqa: E402,F401

REQUEST_V4 = [os.path.join(ROOT, 'core', 'src', 'model', 'request_v4', f)
              for f in ('request.rs', 'expense.rs', 'proposal.rs')]


def walk_xsd():
    """(structs, choice_enums, choice_kinds, enums, limits) of gen_itinerary_model's walk."""
    s = gen_itinerary_model.walk_xsd()
    return s.structs, s.choice_enums, s.choice_kinds, s.enums, s.limits


def serde_camel(field):
    """serde's `rename_all = "camelCase"` of a snake_case field name."""
    out, up = [], False
    for ch in field:
        if ch == '_':
            up = True
        else:
            out.append(ch.upper() if up else ch)
            up = False
    return ''.join(out)


def split_generic(t):
    """`Option<Vec<X>>` -> ('Option', 'Vec<X>'); `X` -> (None, 'X')."""
    m = re.fullmatch(r'([A-Za-z_:]+)<(.*)>', t)
    return (m.group(1).split('::')[-1], m.group(2)) if m else (None, t)


def read_request_v4():
    """(structs, enums): structs = [(name, doc, [(key, rust type, optional, doc, rust field)], keeps_extra)],
    enums = [(name, doc, [(variant, text, doc)])], in source order."""
    structs, enums = [], []
    for path in REQUEST_V4:
        src = open(path, encoding='utf-8').read()
        for m in re.finditer(r'open_enum!\(\s*((?:///[^\n]*\n\s*)*)(\w+)\s*\{(.*?)\n\s*\}\s*\);', src, re.S):
            doc = _doc(m.group(1))
            values = [(v, t, _doc(d)) for d, v, t in
                      re.findall(r'((?:///[^\n]*\n\s*)*)(\w+)\s*=\s*"([^"]*)"', m.group(3))]
            enums.append((m.group(2), doc, values))
        for m in re.finditer(r'((?:///[^\n]*\n)*)#\[derive\(([^)]*)\)\]\n((?:#\[serde\([^]]*\)\]\n)*)'
                             r'pub struct (\w+) \{\n(.*?)\n\}', src, re.S):
            if 'Serialize' not in m.group(2):
                continue
            camel = 'rename_all = "camelCase"' in m.group(3)
            fields, extra = _fields(m.group(5), camel, m.group(4))
            structs.append((m.group(4), _doc(m.group(1)), fields, extra))
    return structs, enums


def _doc(lines):
    return ' '.join(l.strip()[3:].strip() for l in lines.strip().splitlines() if l.strip())


def _fields(body, camel, struct):
    fields, extra, doc, attrs = [], False, [], ''
    for chunk in re.split(r'\n(?=\s*(?:///|#\[|pub ))', body):
        c = chunk.strip()
        if c.startswith('///'):
            doc.append(c)
        elif c.startswith('#['):
            attrs += ' ' + ' '.join(c.split())
        elif c.startswith('pub '):
            m = re.fullmatch(r'pub (\w+): (.+),', ' '.join(c.split()))
            if not m:
                raise SystemExit(f'request_v4 model: cannot read `{c}` in {struct}')
            name, typ = m.groups()
            if 'flatten' in attrs:
                if typ != 'Map<String, Value>':
                    raise SystemExit(f'request_v4 model: flattened {struct}.{name} is not a Map')
                extra = True
            else:
                r = re.search(r'rename = "([^"]+)"', attrs)
                key = r.group(1) if r else (serde_camel(name) if camel else name)
                optional = typ.startswith('Option<') or 'default' in attrs.replace('skip_serializing_if', '')
                fields.append((key, typ, optional, _doc('\n'.join(doc)), name))
            doc, attrs = [], ''
        elif c:
            raise SystemExit(f'request_v4 model: cannot read `{c}` in {struct}')
    return fields, extra
