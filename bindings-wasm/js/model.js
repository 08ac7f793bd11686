// The JS half of `src/model_ops.rs`: turns the op stream and text the Rust serializer wrote
// into plain objects (serde_json's shape). `ops` is a view of wasm memory, read before this
// call returns; strings are slices of `text`, measured in UTF-16 units. A stream starts with
// the number of field names the Rust side believes this table holds: 0 empties it, any other
// number it does not hold is refused (the Rust side then starts afresh).

const END = 0, OBJ = 1, ARR = 2, STR = 3, NULL = 4, TRUE = 5, FALSE = 6, NUM = 7;
const KEY_NEW = 8, KEY = 9, KEY_STR = 10;

/** Field names already sent, by number (the Rust side keeps the same table). */
let keys = [];

export function decodeModel(ops, text) {
  let at = 0; // in ops
  let tp = 0; // in text
  let view = null;

  function varint() {
    let b = ops[at++];
    if (b < 0x80) return b;
    let n = b & 0x7f, shift = 7;
    do {
      b = ops[at++];
      n += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b >= 0x80);
    return n;
  }
  function slice() {
    const n = varint();
    const s = text.slice(tp, tp + n);
    tp += n;
    return s;
  }
  function key(op) {
    if (op === KEY) return keys[varint()];
    const k = slice();
    if (op === KEY_NEW) keys.push(k);
    return k;
  }
  function value() {
    switch (ops[at++]) {
      case STR: return slice();
      case OBJ: {
        const o = {};
        for (let op = ops[at++]; op !== END; op = ops[at++]) {
          const k = key(op);
          // A map key `__proto__` is an own property, as `JSON.parse` makes it, not the prototype.
          if (k === '__proto__') Object.defineProperty(o, k, { value: value(), enumerable: true, writable: true, configurable: true });
          else o[k] = value();
        }
        return o;
      }
      case ARR: {
        const a = [];
        while (ops[at] !== END) a.push(value());
        at++;
        return a;
      }
      case NULL: return null;
      case TRUE: return true;
      case FALSE: return false;
      case NUM: {
        view ??= new DataView(ops.buffer, ops.byteOffset, ops.byteLength);
        const v = view.getFloat64(at, true);
        at += 8;
        return v;
      }
      default: throw new Error(`triplink: bad model stream at ${at - 1}`);
    }
  }

  const known = varint();
  if (known === 0) keys = [];
  else if (known !== keys.length) throw new Error(`triplink: model stream expects ${known} field names, ${keys.length} held`);
  return value();
}
