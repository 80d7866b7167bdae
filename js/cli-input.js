// The CLI's input (js/cli.js): CSV through csv-parse, ID files and streams, customer rows checked
// against a schema. Every problem is a UsageError naming the file and line: exit 2, nothing sent.
// The rules themselves are the SDK's (src/admin/rules.rs): the CLI checks a whole file against
// them first only so that it can name each bad line before anything is sent.
import { createReadStream, readFileSync } from 'node:fs';
import { parse as parseCsvText } from 'csv-parse/sync';
import { fmt } from './cli-output.js';
import './server.js'; // instantiates the server wasm module before the imports below are called
// isUserId(id): whether `id` is a service user ID (회원번호) as the SDK reads one.
import { __adminLimits, __customerFileSchema, __isUserId as isUserId } from './server-wasm/kakao_channel.js';

/** Whether `t` is a userType of the customer-file calls (`app`, `phone`), as the SDK decides. */
export { __isUserType as isUserType } from './server-wasm/kakao_channel.js';

/** The SDK's limits of chunkSize, batchSize, concurrency and retries (CLI-internal export). */
export const LIMITS = __adminLimits();

/**
 * The schema of customer file `fileId` among `files` (listCustomerFiles()), as addCustomerUsers
 * reads it: `undefined` when the file is not listed, `null` when Kakao lists no schema for it.
 * @returns {Record<string, string> | null | undefined}
 */
export function customerFileSchema(files, fileId) {
  return __customerFileSchema(files, fileId)?.schema;
}

/** A problem with the command line or the input files: exit 2, nothing was changed. */
export class UsageError extends Error {
  constructor(message, { help = null } = {}) {
    super(message);
    this.help = help;
  }
}

// ---- CSV --------------------------------------------------------------------------------------------

/**
 * Parses CSV text (RFC 4180) with csv-parse: comma-separated, fields in double quotes may hold
 * commas, line breaks and "" for a quote. The file's line end (CRLF, LF or CR) is detected; a
 * leading BOM is dropped; blank lines are skipped. Each row keeps the line it starts on, for
 * messages that name it.
 * @param {string} text
 * @returns {{ cells: string[], line: number }[]} rows with the line number where each starts
 */
export function parseCsv(text) {
  let records;
  try {
    records = parseCsvText(text, { bom: true, relax_column_count: true, relax_quotes: true, raw: true });
  } catch (err) {
    const at = err && err.lines ? ` (line ${err.lines})` : '';
    if (err && err.code === 'CSV_QUOTE_NOT_CLOSED') throw new UsageError(`CSV: a quoted field is never closed${at}`);
    throw new UsageError(`CSV: ${err && err.message ? err.message : err}${at}`);
  }
  const rows = [];
  let line = 1;
  for (const { record, raw } of records) {
    if (!(record.length === 1 && record[0] === '')) rows.push({ cells: record, line });
    line += countLineBreaks(raw);
  }
  return rows;
}

/** Line breaks in a record's raw text (CRLF counts once). */
function countLineBreaks(s) {
  let count = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 10 || (c === 13 && s.charCodeAt(k + 1) !== 10)) count++;
  }
  return count;
}

/** Reads a UTF-8 text file; an unreadable or non-UTF-8 file is an input error. */
function readText(path, what) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${path} is not UTF-8 text. Save it as "CSV UTF-8" (Excel) or convert it, e.g. iconv -f cp949 -t utf-8`);
  }
}

/** A CSV file's rows; any problem names the file. */
export function readCsv(path, what) {
  const text = readText(path, what);
  try {
    return parseCsv(text);
  } catch (err) {
    throw new UsageError(`${path}: ${err.message}`);
  }
}

const ID_COLUMNS = ['id', 'user_id', 'phone'];
const looksLikeId = (s) => /^\+?[\d\s().-]+$/.test(s.trim()) && /\d/.test(s);

/**
 * The ID column of a users file: a header naming id/user_id/phone picks it; a first row that looks
 * like data (an ID) means there is no header and the first column holds the IDs; any other header
 * means the first column.
 * @returns {{ rows: {cells:string[],line:number}[], header: string[] | null, idIndex: number, idName: string | null }}
 */
export function idTable(rows, { requireHeader = false, path = 'the file' } = {}) {
  if (rows.length === 0) throw new UsageError(`${path} holds no rows`);
  const first = rows[0].cells.map((c) => c.trim().toLowerCase());
  const named = ID_COLUMNS.map((name) => first.indexOf(name)).find((k) => k !== -1);
  if (named !== undefined) return { rows: rows.slice(1), header: rows[0].cells, idIndex: named, idName: first[named] };
  if (requireHeader) {
    throw new UsageError(`${path}: the header (line ${rows[0].line}) needs an id column named ${ID_COLUMNS.join(', ')}; it has ${rows[0].cells.map((c) => JSON.stringify(c)).join(', ')}`);
  }
  if (looksLikeId(rows[0].cells[0])) return { rows, header: null, idIndex: 0, idName: null };
  return { rows: rows.slice(1), header: rows[0].cells, idIndex: 0, idName: first[0] };
}

/** The problem of a line whose ID is not a user ID. */
const notUserId = (line, id) => `line ${line}: ${JSON.stringify(id)} is not a user ID (1 to 19 digits)`;

/** Lists input problems, at most 20, as one input error: nothing is sent. */
function inputProblems(path, problems) {
  if (problems.length === 0) return;
  const shown = problems.slice(0, 20).map((p) => `  ${p}`);
  if (problems.length > 20) shown.push(`  … and ${fmt(problems.length - 20)} more`);
  throw new UsageError(`${path}: ${fmt(problems.length)} problem${problems.length > 1 ? 's' : ''}, nothing was sent:\n${shown.join('\n')}`);
}

/**
 * The IDs of an ID table, trimmed, rows without an ID skipped. App user IDs must be user IDs
 * (`isUserId`); a row that is not is reported with its line.
 */
export function idsOf({ rows, idIndex }, { appIds = true, path = 'the file' } = {}) {
  const ids = [];
  const problems = [];
  for (const row of rows) {
    const id = (row.cells[idIndex] ?? '').trim();
    if (id === '') continue;
    if (appIds && !isUserId(id)) problems.push(notUserId(row.line, id));
    ids.push(id);
  }
  inputProblems(path, problems);
  return ids;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The users of a customer CSV, field values converted by the file's schema (number fields parsed,
 * empty cells left out). Every problem is collected, so one run shows them all.
 * @param {ReturnType<typeof idTable>} table
 * @param {Record<string,string> | null} schema
 */
export function customerUsers(table, schema, { path = 'the file', appIds = true } = {}) {
  const { header, idIndex } = table;
  const problems = [];
  const columns = [];
  header.forEach((raw, k) => {
    if (k === idIndex) return;
    const name = raw.trim();
    if (name === '') return;
    if (schema && !Object.hasOwn(schema, name)) {
      problems.push(`column "${name}" is not a field of the customer file (its fields: ${Object.keys(schema).join(', ') || 'none'})`);
    }
    columns.push({ k, name, type: schema?.[name] ?? 'string' });
  });
  const users = [];
  table.rows.forEach((row, r) => {
    const rowNo = r + 1;
    if (row.cells.length > header.length) {
      problems.push(`row ${rowNo} (line ${row.line}) has ${row.cells.length} cells, the header has ${header.length}`);
      return;
    }
    if (row.cells.every((c) => c.trim() === '')) return; // ",,," lines from spreadsheets
    const id = (row.cells[idIndex] ?? '').trim();
    if (id === '') {
      problems.push(`row ${rowNo} (line ${row.line}) has no id`);
      return;
    }
    if (appIds && !isUserId(id)) problems.push(`row ${rowNo} (line ${row.line}): ${JSON.stringify(id)} is not an app user ID (1 to 19 digits; use --user-type phone for phone numbers)`);
    const user = { id };
    let fields = null;
    for (const { k, name, type } of columns) {
      const cell = row.cells[k] ?? '';
      if (cell.trim() === '') continue;
      let value = cell;
      if (type === 'number') {
        const t = cell.trim();
        value = Number(t);
        if (!NUMBER.test(t) || !Number.isFinite(value)) {
          problems.push(`row ${rowNo} (line ${row.line}), column "${name}": ${JSON.stringify(cell)} is not a number (the file's schema makes ${name} a number)`);
          continue;
        }
      }
      (fields ??= {})[name] = value;
    }
    if (fields) user.fields = fields;
    users.push(user);
  });
  inputProblems(path, problems);
  return users;
}

/**
 * The IDs of a users file or stream, line by line: `{ id, line }` for each row with an ID. The
 * first row picks the column as `idTable` does (an id/user_id/phone header, an ID, or another
 * header → the first column). UTF-8 is checked as it is read; a quoted CSV field may span lines.
 * @param {AsyncIterable<Uint8Array | string>} chunks
 * @param {string} path names the input in errors
 */
export async function* idLines(chunks, path) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let lineNo = 0;
  let column = null; // the ID column, once the first row was read
  let row = null; // a row whose quoted field goes on on the next line
  let rowLine = 0;
  function* take(text) {
    if (row === null) {
      rowLine = lineNo;
      row = text;
    } else {
      row += `\n${text}`;
    }
    if ((row.match(/"/g)?.length ?? 0) % 2 === 1) return; // inside quotes: the row goes on
    const full = row;
    row = null;
    const parsed = full.includes('"') || full.includes(',') ? parseCsv(full)[0] : full.trim() === '' ? undefined : { cells: [full] };
    if (!parsed) return;
    const cells = parsed.cells;
    if (column === null) {
      const table = idTable([{ cells, line: rowLine }], { path });
      column = table.idIndex;
      if (table.rows.length === 0) return; // a header
    }
    const id = (cells[column] ?? '').trim();
    if (id !== '') yield { id, line: rowLine };
  }
  const split = function* (text, final) {
    pending += text;
    let start = 0;
    for (;;) {
      const cr = pending.indexOf('\r', start);
      const lf = pending.indexOf('\n', start);
      let end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (end === -1) break;
      if (pending[end] === '\r' && end === pending.length - 1 && !final) break; // a CRLF cut in two
      lineNo += 1;
      let line = pending.slice(start, end);
      if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      yield* take(line);
      start = end + (pending[end] === '\r' && pending[end + 1] === '\n' ? 2 : 1);
    }
    pending = pending.slice(start);
    if (final && pending !== '') {
      lineNo += 1;
      const line = lineNo === 1 && pending.charCodeAt(0) === 0xfeff ? pending.slice(1) : pending;
      pending = '';
      yield* take(line);
    }
  };
  const decode = (bytes, stream) => {
    try {
      return typeof bytes === 'string' ? bytes : decoder.decode(bytes, { stream });
    } catch {
      throw new UsageError(`${path} is not UTF-8 text. Save it as "CSV UTF-8" (Excel) or convert it, e.g. iconv -f cp949 -t utf-8`);
    }
  };
  for await (const chunk of chunks) yield* split(decode(chunk, true), false);
  yield* split(decode(new Uint8Array(0), false), true);
  if (row !== null) throw new UsageError(`${path}: CSV: the quoted field starting on line ${rowLine} is never closed`);
}

/** A users file opened for reading; a missing or unreadable file is an input error. */
export async function openUsersFile(path) {
  const stream = createReadStream(path);
  await new Promise((resolve, reject) => {
    stream.once('open', resolve);
    stream.once('error', reject);
  }).catch((err) => {
    throw new UsageError(`cannot read users file ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  return stream;
}

/** Checks a whole users file before anything is sent: its ID count, or an input error. */
export async function scanUsersFile(path) {
  const problems = [];
  let total = 0;
  for await (const { id, line } of idLines(await openUsersFile(path), path)) {
    total += 1;
    if (!isUserId(id) && problems.length <= 20) problems.push(notUserId(line, id));
  }
  inputProblems(path, problems);
  if (total === 0) throw new UsageError(`${path} holds no user IDs`);
  return total;
}
