// A small reader (and two rewrites) of the WebAssembly binary format, for scripts/build.mjs and
// scripts/size.mjs: the sections of a module, its imports, its function bodies with the names a
// names-kept build carries. No dependency: the size report needs no tool installed.
import { fileURLToPath } from 'node:url';

/** The names-kept copy of the browser module scripts/build.mjs leaves: what `npm run size` breaks down. */
export const NAMES_KEPT = fileURLToPath(new URL('../target/size/kakao_channel_bg.names.wasm', import.meta.url));

/** Section ids of the binary format (WebAssembly core spec §5.5). */
export const SECTION_NAMES = [
  'custom',
  'type',
  'import',
  'function',
  'table',
  'memory',
  'global',
  'export',
  'start',
  'element',
  'code',
  'data',
  'data count',
];

/** A cursor over a module's bytes. */
class Reader {
  constructor(bytes, pos = 0) {
    this.bytes = bytes;
    this.pos = pos;
  }
  byte() {
    return this.bytes[this.pos++];
  }
  /** An unsigned LEB128 integer. */
  u32() {
    let result = 0;
    let scale = 1;
    let b;
    do {
      b = this.bytes[this.pos++];
      result += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80);
    return result;
  }
  name() {
    const n = this.u32();
    const text = Buffer.from(this.bytes.subarray(this.pos, this.pos + n)).toString('utf8');
    this.pos += n;
    return text;
  }
}

/** Unsigned LEB128 bytes of `n`. */
function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
}

const encodeName = (text) => {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([leb(bytes.length), bytes]);
};

/**
 * The module's sections in order: `{ id, kind, name (custom sections), start, bodyStart, end }`
 * (`start` is the section id byte, `end` one past its last byte).
 */
export function sections(bytes) {
  const magic = Buffer.from(bytes.subarray(0, 4)).toString('latin1');
  if (magic !== '\0asm') throw new Error('not a WebAssembly module');
  const r = new Reader(bytes, 8);
  const out = [];
  while (r.pos < bytes.length) {
    const start = r.pos;
    const id = r.byte();
    const size = r.u32();
    const bodyStart = r.pos;
    const section = { id, kind: SECTION_NAMES[id] ?? `unknown ${id}`, start, bodyStart, end: bodyStart + size };
    if (id === 0) section.name = r.name();
    out.push(section);
    r.pos = section.end;
  }
  return out;
}

/** The import section's entries: `{ module, name, kind (0 function), start, end }`. */
export function imports(bytes) {
  const section = sections(bytes).find((s) => s.id === 2);
  if (!section) return [];
  const r = new Reader(bytes, section.bodyStart);
  const count = r.u32();
  const out = [];
  for (let i = 0; i < count; i++) {
    const start = r.pos;
    const module = r.name();
    const name = r.name();
    const kind = r.byte();
    if (kind === 0) r.u32(); // type index
    else if (kind === 1) {
      r.byte(); // element type
      if (r.u32() & 1) r.u32(), r.u32();
      else r.u32();
    } else if (kind === 2) {
      if (r.u32() & 1) r.u32(), r.u32();
      else r.u32();
    } else if (kind === 3) r.pos += 2; // value type, mutability
    else throw new Error(`import kind ${kind} is not read here`);
    out.push({ module, name, kind, start, end: r.pos });
  }
  return out;
}

/** The function names of a `name` custom section (index → name); empty without one. */
export function functionNames(bytes) {
  const names = new Map();
  const section = sections(bytes).find((s) => s.id === 0 && s.name === 'name');
  if (!section) return names;
  const r = new Reader(bytes, section.bodyStart);
  r.name(); // "name"
  while (r.pos < section.end) {
    const sub = r.byte();
    const end = r.u32() + r.pos;
    if (sub === 1) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const index = r.u32();
        names.set(index, r.name());
      }
    }
    r.pos = end;
  }
  return names;
}

/** Each function body of the code section: `{ index, name, size }` (size with its length prefix). */
export function functions(bytes) {
  const section = sections(bytes).find((s) => s.id === 10);
  if (!section) return [];
  const imported = imports(bytes).filter((i) => i.kind === 0).length;
  const names = functionNames(bytes);
  const r = new Reader(bytes, section.bodyStart);
  const count = r.u32();
  const out = [];
  for (let i = 0; i < count; i++) {
    const start = r.pos;
    const size = r.u32();
    r.pos += size;
    const index = imported + i;
    out.push({ index, name: names.get(index) ?? null, size: r.pos - start });
  }
  return out;
}

/** The module without its custom section(s) called `name` (every other byte unchanged). */
export function withoutCustomSection(bytes, name) {
  const parts = [bytes.subarray(0, 8)];
  for (const s of sections(bytes)) {
    if (!(s.id === 0 && s.name === name)) parts.push(bytes.subarray(s.start, s.end));
  }
  return Buffer.concat(parts);
}

/**
 * The module with its imports renamed: `rename(module, name)` gives `[module, name]` for each
 * import. Every other section is kept byte for byte (nothing else refers to import names).
 */
export function renameImports(bytes, rename) {
  const section = sections(bytes).find((s) => s.id === 2);
  const entries = imports(bytes).map((entry) => {
    const [module, name] = rename(entry.module, entry.name);
    // What follows the two names (the import's kind and type) is kept as it is.
    const r = new Reader(bytes, entry.start);
    r.name();
    r.name();
    return Buffer.concat([encodeName(module), encodeName(name), bytes.subarray(r.pos, entry.end)]);
  });
  return replaceSection(bytes, section, Buffer.concat([leb(entries.length), ...entries]));
}

/** The export section's entries: `{ name, rest }` (`rest`: the kind and index bytes, as they are). */
function exportEntries(bytes) {
  const section = sections(bytes).find((s) => s.id === 7);
  if (!section) return [];
  const r = new Reader(bytes, section.bodyStart);
  const count = r.u32();
  const out = [];
  for (let i = 0; i < count; i++) {
    const name = r.name();
    const start = r.pos;
    r.byte();
    r.u32();
    out.push({ name, rest: bytes.subarray(start, r.pos) });
  }
  return out;
}

/** The names the module exports. */
export function exportNames(bytes) {
  return exportEntries(bytes).map((e) => e.name);
}

/** The module with its exports renamed by `rename(name)`; every other section byte for byte. */
export function renameExports(bytes, rename) {
  const section = sections(bytes).find((s) => s.id === 7);
  const entries = exportEntries(bytes).map((e) => Buffer.concat([encodeName(rename(e.name)), e.rest]));
  return replaceSection(bytes, section, Buffer.concat([leb(entries.length), ...entries]));
}

/** `bytes` with `section` given a new body. */
function replaceSection(bytes, section, body) {
  return Buffer.concat([bytes.subarray(0, section.start), Buffer.from([section.id]), leb(body.length), body, bytes.subarray(section.end)]);
}
