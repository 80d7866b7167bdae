// Exact JSON for user IDs. Kakao user IDs are 64-bit (Java Long) and can exceed 2^53, where a JS
// number loses digits. The fake therefore keeps every user ID as a canonical decimal digit string:
//   - reading: parseJsonExact() is a strict JSON parser that keeps each number's source text
//     (JsonNumber), so `{"id": 9007199254740993}` yields the digits "9007199254740993" exactly;
//     JSON.parse with a source-aware reviver is not available on Node 20.
//   - writing: answers build the `"user_id":<digits>` part of the JSON text by hand (userIdJson),
//     never through a JS number.

/** A JSON number as written in the request: `raw` is its exact source text. */
export class JsonNumber {
  constructor(raw) {
    this.raw = raw;
  }

  get value() {
    return Number(this.raw);
  }

  /** The canonical digits when this is a non-negative integer literal (no fraction/exponent), else null. */
  get digits() {
    return canonicalDigits(this.raw);
  }

  toJSON() {
    return this.value;
  }
}

const MAX_DEPTH = 256;
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS_RE = /[ \t\n\r]*/y;

/**
 * Strict JSON parser (RFC 8259) whose numbers are JsonNumber objects keeping their source text.
 * Throws SyntaxError on anything JSON.parse would refuse.
 */
export function parseJsonExact(text) {
  const src = String(text);
  let pos = 0;

  const fail = (what) => {
    throw new SyntaxError(`${what} at position ${pos}`);
  };
  const skipWs = () => {
    WS_RE.lastIndex = pos;
    WS_RE.exec(src);
    pos = WS_RE.lastIndex;
  };

  function parseString() {
    // pos is at the opening quote; find the closing one, skipping escapes, then let JSON.parse
    // decode the (already delimited) literal.
    let i = pos + 1;
    for (;;) {
      const c = src.charCodeAt(i);
      if (Number.isNaN(c)) fail('unterminated string');
      if (c === 0x22) break; // "
      if (c === 0x5c) i += 2; // backslash: skip the escaped character (JSON.parse checks it)
      else if (c < 0x20) fail('control character in string');
      else i += 1;
    }
    const literal = src.slice(pos, i + 1);
    pos = i + 1;
    return JSON.parse(literal);
  }

  function parseValue(depth) {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skipWs();
    const c = src[pos];
    if (c === '{') {
      pos += 1;
      const obj = {};
      skipWs();
      if (src[pos] === '}') {
        pos += 1;
        return obj;
      }
      for (;;) {
        skipWs();
        if (src[pos] !== '"') fail('expected a string key');
        const key = parseString();
        skipWs();
        if (src[pos] !== ':') fail('expected ":"');
        pos += 1;
        const value = parseValue(depth + 1);
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        skipWs();
        if (src[pos] === ',') {
          pos += 1;
          continue;
        }
        if (src[pos] === '}') {
          pos += 1;
          return obj;
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      pos += 1;
      const arr = [];
      skipWs();
      if (src[pos] === ']') {
        pos += 1;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(depth + 1));
        skipWs();
        if (src[pos] === ',') {
          pos += 1;
          continue;
        }
        if (src[pos] === ']') {
          pos += 1;
          return arr;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return parseString();
    if (src.startsWith('true', pos)) {
      pos += 4;
      return true;
    }
    if (src.startsWith('false', pos)) {
      pos += 5;
      return false;
    }
    if (src.startsWith('null', pos)) {
      pos += 4;
      return null;
    }
    NUMBER_RE.lastIndex = pos;
    const m = NUMBER_RE.exec(src);
    if (m && m[0] !== '' && m[0] !== '-') {
      pos = NUMBER_RE.lastIndex;
      return new JsonNumber(m[0]);
    }
    return fail('unexpected token');
  }

  const value = parseValue(0);
  skipWs();
  if (pos !== src.length) fail('unexpected data after the JSON value');
  return value;
}

/** Replaces every JsonNumber by a JS number (for storing field values, logging, control views). */
export function toPlain(value) {
  if (value instanceof JsonNumber) return value.value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: toPlain(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** "000123" → "123", "0" → "0"; null unless the text is only ASCII digits. */
export function canonicalDigits(text) {
  if (typeof text !== 'string' || !/^\d+$/.test(text)) return null;
  return text.replace(/^0+(?=\d)/, '');
}

/**
 * A user ID from a fixture, a token or a control call, as canonical digits: a safe non-negative
 * integer number or a digit string of 1–19 digits. Returns null for anything else.
 */
export function userIdKey(id) {
  if (typeof id === 'number') return Number.isSafeInteger(id) && id >= 0 ? String(id) : null;
  if (id instanceof JsonNumber) return id.raw.length <= 19 ? id.digits : null;
  if (typeof id === 'string' && id.length >= 1 && id.length <= 19) return canonicalDigits(id);
  return null;
}

/** `"user_id":<digits>` — the exact digits as a JSON number literal, never through a JS number. */
export function userIdJson(digits) {
  if (!/^(?:0|[1-9]\d*)$/.test(digits)) throw new Error(`not canonical digits: ${digits}`);
  return `"user_id":${digits}`;
}

/** {"user_id":<digits>,"channels":[…]} as JSON text. */
export function relationshipJson(digits, channels) {
  return `{${userIdJson(digits)},"channels":${JSON.stringify(channels)}}`;
}
