#!/usr/bin/env node
// kakao-channel: command-line tools over `kakao-channel/server` (Node >= 20, no dependencies).
//
//   kakao-channel parse <url-or-id>
//   kakao-channel relationship [--users <file>] [--channels _a,_b] [--format ndjson|csv] ...  (or IDs on stdin)
//   kakao-channel customers list|create|add|delete ...
//
// The admin key comes only from the environment (KAKAO_ADMIN_KEY). Results go to stdout, progress
// and errors to stderr. Exit status: 0 success, 1 Kakao refused something (a failed batch or
// user), 2 usage or input error (nothing was changed), 130 interrupted.
import { createReadStream, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseCsvText } from 'csv-parse/sync';
import { KakaoChannelAdmin, isKakaoChannelError, parseChannelId } from './server.js';

const VERSION = (() => {
  try {
    return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return 'unknown';
  }
})();

// ---- usage ----------------------------------------------------------------------------------------

const ENV_HELP = `Environment:
  KAKAO_ADMIN_KEY   the app's admin key (required). There is no flag for it: command-line flags
                    are kept in shell history and shown to every local user by \`ps\`.
  KAKAO_API_HOST    API origin instead of https://kapi.kakao.com (a test server); --api-host wins.`;

const CONNECTION_HELP = `  --api-host URL      API origin (default: KAKAO_API_HOST, else https://kapi.kakao.com)
  --concurrency N     requests in flight at once (default 4)
  --retries N         retries of a failed request: 429, -10, 5xx, network (0..10, default 5)
  --timeout-ms N      per-request timeout
  --no-progress       no progress bar on stderr
  -h, --help          this help`;

const EXIT_HELP = `Exit status: 0 success; 1 a batch or user failed, or Kakao refused the call (errors are
listed on stderr); 2 usage or input error (nothing was changed); 130 interrupted (Ctrl-C).`;

const HELP = {
  main: `kakao-channel ${VERSION}: Kakao Talk Channel tools for servers

Usage:
  kakao-channel parse <url-or-id>                 print a channel's public ID
  kakao-channel relationship --users <file>       which channels each user added or blocked
  kakao-channel customers list --channel <id>     the channel's customer files
  kakao-channel customers create ...              register a customer file
  kakao-channel customers add --file <csv> ...    upload users to a customer file
  kakao-channel customers delete --file <csv> ... remove users from a customer file

Run \`kakao-channel <command> --help\` for a command's options.

${ENV_HELP}

${EXIT_HELP}`,

  parse: `Usage: kakao-channel parse <url-or-id>

Prints the channel public ID (_ZeUTxl) of a public ID or a pf.kakao.com URL. Needs no key.
On a bad input prints "error CODE: message" to stderr and exits 2 (an input error).

Example:
  kakao-channel parse https://pf.kakao.com/_ZeUTxl/chat     # _ZeUTxl`,

  relationship: `Usage: kakao-channel relationship [--users <file>] [options]   (or IDs on stdin)

Checks each user's relation (ADDED, BLOCKED, NONE) to the app's channels, 200 users a request.
Streams: IDs are read line by line and each result is written as soon as its request is answered,
so any number of users runs in bounded memory.

  --users FILE        one service user ID a line, or a CSV whose header has a user_id or id column
                      (else its first column is used). IDs are kept exactly as written. "-" or no
                      --users: read standard input (then a bad ID is reported as that user's error).
                      A file is checked whole before anything is sent.
  --channels LIST     comma-separated channel IDs or URLs (default: every channel of the app)
  --chunk-size N      users a request, 1..200 (default 200)
  --format F          ndjson (default; jsonl is the same): {"userId","channels":[...]} a line,
                      "error" when it failed; csv: user_id,channel_public_id,relation,updated_at,error
                      (a row a channel)
${CONNECTION_HELP}

${ENV_HELP}

${EXIT_HELP}

Examples:
  KAKAO_ADMIN_KEY=... kakao-channel relationship --users users.csv --format csv > relations.csv
  psql -Atc 'select kakao_id from members' | kakao-channel relationship > relations.ndjson`,

  customers: `Usage: kakao-channel customers <list|create|add|delete> [options]

  customers list   --channel <id-or-url> [--json]
  customers create --channel <id-or-url> --name <file name> --schema name:string,points:number
  customers add    --file <csv> --channel <id-or-url> --file-id <n> [--user-type app|phone]
  customers delete --file <csv> --channel <id-or-url> --file-id <n> [--user-type app|phone]

Run \`kakao-channel customers <subcommand> --help\` for details.

${ENV_HELP}`,

  'customers list': `Usage: kakao-channel customers list --channel <id-or-url> [--json]

Lists the channel's customer files: ID, name and schema (--json: Kakao's answer as the SDK gives it).
  --channel ID        channel public ID or pf.kakao.com URL
  --api-host URL      API origin (default: KAKAO_API_HOST, else https://kapi.kakao.com)

${ENV_HELP}`,

  'customers create': `Usage: kakao-channel customers create --channel <id-or-url> --name <file name> --schema <fields>

Registers a customer file and prints its file ID on stdout. A schema cannot be changed later.
  --channel ID        channel public ID or pf.kakao.com URL
  --name NAME         the file's name (unique on the channel)
  --schema FIELDS     comma-separated name:type, type string or number, e.g. name:string,points:number
  --api-host URL      API origin (default: KAKAO_API_HOST, else https://kapi.kakao.com)

${ENV_HELP}`,

  'customers add': `Usage: kakao-channel customers add --file <csv> --channel <id-or-url> --file-id <n> [options]

Uploads the users of a CSV file to a customer file, 2,000 users a request.
The CSV needs a header: an id column (id, user_id or phone) and any of the file's schema fields.
Values of number fields must be numbers (1234, -5, 12.5); empty cells are left out. The schema is
read from Kakao first, and every row is checked before anything is sent.

  --file CSV          the users (UTF-8; quotes, CRLF and a BOM are fine)
  --channel ID        channel public ID or pf.kakao.com URL
  --file-id N         the customer file (see \`customers list\`)
  --user-type T       app (app user IDs, default) or phone; phone when the id column is "phone"
  --batch-size N      users a request, 1..2000 (default 2000)
${CONNECTION_HELP}

${ENV_HELP}

${EXIT_HELP}

Example (members.csv: "user_id,name,points" then one user a line):
  KAKAO_ADMIN_KEY=... kakao-channel customers add --file members.csv --channel _ZeUTxl --file-id 123`,

  'customers delete': `Usage: kakao-channel customers delete --file <csv> --channel <id-or-url> --file-id <n> [options]

Removes users from a customer file, 2,000 users a request. The file holds one ID a line, or a CSV
whose header has an id, user_id or phone column (other columns are ignored).

  --file FILE         the users to remove
  --channel ID        channel public ID or pf.kakao.com URL
  --file-id N         the customer file (see \`customers list\`)
  --user-type T       app (default) or phone; phone when the id column is "phone"
  --batch-size N      users a request, 1..2000 (default 2000)
${CONNECTION_HELP}

${ENV_HELP}

${EXIT_HELP}`,
};

// ---- errors ---------------------------------------------------------------------------------------

/** A problem with the command line or the input files: exit 2, nothing was changed. */
class UsageError extends Error {
  constructor(message, { help = null } = {}) {
    super(message);
    this.help = help;
  }
}

/** Something failed after the input was accepted (Kakao refused, a batch failed): exit 1. */
class RunError extends Error {}

const fmt = (n) => Number(n).toLocaleString('en-US');

function help(io, text) {
  io.out(text);
  return 0;
}

function describeError(err) {
  if (isKakaoChannelError(err) || (err && typeof err.code === 'string')) return `${err.code}: ${err.message}`;
  return String(err?.message ?? err);
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
function readCsv(path, what) {
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

const APP_USER_ID = /^\d{1,19}$/; // Kakao's service user IDs (회원번호)

/** Lists input problems, at most 20, as one input error: nothing is sent. */
function inputProblems(path, problems) {
  if (problems.length === 0) return;
  const shown = problems.slice(0, 20).map((p) => `  ${p}`);
  if (problems.length > 20) shown.push(`  … and ${fmt(problems.length - 20)} more`);
  throw new UsageError(`${path}: ${fmt(problems.length)} problem${problems.length > 1 ? 's' : ''}, nothing was sent:\n${shown.join('\n')}`);
}

/**
 * The IDs of an ID table, trimmed, rows without an ID skipped. App user IDs must be 1 to 19
 * digits; a row that is not is reported with its line.
 */
export function idsOf({ rows, idIndex }, { appIds = true, path = 'the file' } = {}) {
  const ids = [];
  const problems = [];
  for (const row of rows) {
    const id = (row.cells[idIndex] ?? '').trim();
    if (id === '') continue;
    if (appIds && !APP_USER_ID.test(id)) problems.push(`line ${row.line}: ${JSON.stringify(id)} is not a user ID (1 to 19 digits)`);
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
    if (appIds && !APP_USER_ID.test(id)) problems.push(`row ${rowNo} (line ${row.line}): ${JSON.stringify(id)} is not an app user ID (1 to 19 digits; use --user-type phone for phone numbers)`);
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

function csvField(value) {
  const s = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

// ---- progress -----------------------------------------------------------------------------------------

/** `[#####.....] 5,000/10,000 users  50%  1 failed  3.2 s` */
export function progressLine({ done, total, failed }, elapsedMs, unit = 'users', width = 20) {
  // An unknown total (standard input): the count and the time only.
  if (total === null || total === undefined) return `${fmt(done)} ${unit}  ${fmt(failed)} failed  ${(elapsedMs / 1000).toFixed(1)} s`;
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${fmt(done)}/${fmt(total)} ${unit}  ${Math.floor(ratio * 100)}%  ${fmt(failed)} failed  ${(elapsedMs / 1000).toFixed(1)} s`;
}

/**
 * A progress reporter on `stream`: redrawn in place on a terminal (at most every 100 ms), one line
 * per 10 % step otherwise, so logs and CI show it too.
 */
export function createProgress({ stream = process.stderr, unit = 'users', enabled = true, tty = stream.isTTY } = {}) {
  const started = performance.now();
  let step = -1;
  let drawn = 0;
  let pending = false;
  let last = null;
  return {
    update(p) {
      last = p;
      if (!enabled) return;
      const now = performance.now();
      if (tty) {
        const complete = p.total > 0 && p.done >= p.total; // (false for an unknown total)
        if (!complete && now - drawn < 100) return;
        drawn = now;
        stream.write(`\r${progressLine(p, now - started, unit)}\x1b[K`);
        pending = true;
      } else if (p.total === null || p.total === undefined) {
        // No total: a line every 100,000.
        const s = Math.floor(p.done / 100_000);
        if (s <= step || s === 0) return;
        step = s;
        stream.write(`${progressLine(p, now - started, unit)}\n`);
      } else {
        const s = p.total > 0 ? Math.floor((Math.min(p.done, p.total) / p.total) * 10) : 10;
        if (s <= step || s === 0) return;
        step = s;
        stream.write(`${progressLine(p, now - started, unit)}\n`);
      }
    },
    finish() {
      if (enabled && tty && pending) stream.write('\n');
      pending = false;
      return performance.now() - started;
    },
    get last() {
      return last;
    },
  };
}

function summaryLine(verb, { requested, succeeded, failed, batches, batchWord = 'batches' }, elapsedMs) {
  const seconds = elapsedMs / 1000;
  if (batches === 1) batchWord = batchWord.replace(/e?s$/, '');
  const rate = seconds > 0 ? Math.round(requested / seconds) : requested;
  return `${verb}: ${fmt(requested)} requested, ${fmt(succeeded)} succeeded, ${fmt(failed)} failed, ${fmt(batches)} ${batchWord}, ${seconds.toFixed(1)} s, ${fmt(rate)} users/s`;
}

// ---- arguments ----------------------------------------------------------------------------------------

const CONNECTION_OPTIONS = {
  'api-host': { type: 'string' },
  concurrency: { type: 'string' },
  retries: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'no-progress': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

function parseOptions(args, options, helpKey, { positionals = 0 } = {}) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: positionals > 0, strict: true });
  } catch (err) {
    throw new UsageError(err.message.replace(/\. To specify a positional argument.*$/s, ''), { help: helpKey });
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[positionals])}`, { help: helpKey });
  }
  return parsed;
}

function integerOption(values, name, { min, max, helpKey }) {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || (max !== undefined && n > max)) {
    throw new UsageError(`--${name} must be a whole number ${max === undefined ? `>= ${min}` : `from ${min} to ${max}`}, not ${JSON.stringify(raw)}`, { help: helpKey });
  }
  return n;
}

function required(values, name, helpKey) {
  const v = values[name];
  if (v === undefined || v.trim() === '') throw new UsageError(`--${name} is required`, { help: helpKey });
  return v;
}

function channelOption(value, flag) {
  try {
    return parseChannelId(value);
  } catch (err) {
    throw new UsageError(`${flag}: ${describeError(err)}`);
  }
}

function userTypeOption(values, idName, helpKey) {
  const t = values['user-type'];
  if (t === undefined) return idName === 'phone' ? 'phone' : 'app';
  if (t !== 'app' && t !== 'phone') throw new UsageError(`--user-type must be app or phone, not ${JSON.stringify(t)}`, { help: helpKey });
  return t;
}

/** The admin client, from KAKAO_ADMIN_KEY and the connection options. */
function adminFrom(values, env, helpKey) {
  const adminKey = env.KAKAO_ADMIN_KEY;
  if (!adminKey || adminKey.trim() === '') {
    throw new UsageError('KAKAO_ADMIN_KEY is not set. Export the app\'s admin key in the environment (from your secret store); it is not accepted as a flag.');
  }
  const options = { adminKey: adminKey.trim() };
  const api = values['api-host'] ?? env.KAKAO_API_HOST;
  if (api) options.hosts = { api };
  const concurrency = integerOption(values, 'concurrency', { min: 1, max: 64, helpKey });
  const retries = integerOption(values, 'retries', { min: 0, max: 10, helpKey });
  const timeoutMs = integerOption(values, 'timeout-ms', { min: 1, helpKey });
  if (concurrency !== undefined) options.concurrency = concurrency;
  if (retries !== undefined) options.retries = retries;
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  try {
    return new KakaoChannelAdmin(options);
  } catch (err) {
    throw new UsageError(describeError(err));
  }
}

// ---- commands -----------------------------------------------------------------------------------------

function cmdParse(args, io) {
  const { values, positionals } = parseOptions(args, { help: { type: 'boolean', short: 'h', default: false } }, 'parse', { positionals: 1 });
  if (values.help) return help(io, HELP.parse);
  if (positionals.length !== 1) throw new UsageError('give one channel ID or URL', { help: 'parse' });
  try {
    io.out(parseChannelId(positionals[0]));
  } catch (err) {
    // Not a channel ID: the input's fault, like every input error (exit 2).
    io.err(`error ${describeError(err)}`);
    return 2;
  }
  return 0;
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
async function openUsersFile(path) {
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
async function scanUsersFile(path) {
  const problems = [];
  let total = 0;
  for await (const { id, line } of idLines(await openUsersFile(path), path)) {
    total += 1;
    if (!APP_USER_ID.test(id) && problems.length <= 20) problems.push(`line ${line}: ${JSON.stringify(id)} is not a user ID (1 to 19 digits)`);
  }
  inputProblems(path, problems);
  if (total === 0) throw new UsageError(`${path} holds no user IDs`);
  return total;
}

/** One result as output lines: ndjson, or csv rows (a row a channel). */
function resultLines(r, format) {
  if (format !== 'csv') {
    const o = { userId: r.userId, channels: r.channels ?? [] };
    if (r.error) o.error = { code: r.error.code, message: r.error.message };
    return `${JSON.stringify(o)}\n`;
  }
  if (r.error || !r.channels?.length) return `${[r.userId, '', '', '', r.error ? describeError(r.error) : ''].map(csvField).join(',')}\n`;
  let out = '';
  for (const c of r.channels) out += `${[r.userId, c.channelPublicId, c.relation, c.updatedAt ?? '', ''].map(csvField).join(',')}\n`;
  return out;
}

async function cmdRelationship(args, io) {
  const helpKey = 'relationship';
  const { values } = parseOptions(args, { ...CONNECTION_OPTIONS, users: { type: 'string' }, channels: { type: 'string' }, 'chunk-size': { type: 'string' }, format: { type: 'string', default: 'ndjson' } }, helpKey);
  if (values.help) return help(io, HELP.relationship);
  const format = values.format === 'jsonl' ? 'ndjson' : values.format;
  if (!['ndjson', 'csv'].includes(format)) throw new UsageError(`--format must be ndjson (or jsonl) or csv, not ${JSON.stringify(values.format)}`, { help: helpKey });
  const fromStdin = values.users === undefined || values.users === '-';
  if (fromStdin && io.stdin?.isTTY) throw new UsageError('give --users FILE, or pipe the user IDs into standard input (one a line)', { help: helpKey });
  if (!fromStdin && values.users.trim() === '') throw new UsageError('--users is empty', { help: helpKey });
  const chunkSize = integerOption(values, 'chunk-size', { min: 1, max: 200, helpKey });
  const channelPublicIds = values.channels?.split(',').map((s) => s.trim()).filter(Boolean).map((c) => channelOption(c, '--channels'));
  const admin = adminFrom(values, io.env, helpKey);
  const path = fromStdin ? 'standard input' : values.users;
  // A file is checked whole first (nothing is sent for a bad one) and gives the bar its total.
  const total = fromStdin ? null : await scanUsersFile(path);
  const source = fromStdin ? io.stdin : await openUsersFile(path);

  async function* userIds() {
    for await (const { id } of idLines(source, path)) yield id;
  }
  const options = { userIds: userIds(), signal: io.signal };
  if (channelPublicIds?.length) options.channelPublicIds = channelPublicIds;
  if (chunkSize !== undefined) options.chunkSize = chunkSize;
  const flushEvery = chunkSize ?? 200;

  const progress = createProgress({ stream: io.stderr, enabled: !values['no-progress'] });
  const groups = new Map(); // error → { count, sample }
  let done = 0;
  let failed = 0;
  let badIds = 0;
  let out = format === 'csv' ? 'user_id,channel_public_id,relation,updated_at,error\n' : '';
  let elapsed;
  try {
    for await (const r of admin.relationships(options)) {
      done += 1;
      if (r.error) {
        failed += 1;
        if (r.error.code === 'INVALID_ARGUMENT') badIds += 1;
        const key = describeError(r.error);
        const g = groups.get(key) ?? { count: 0, sample: [] };
        g.count += 1;
        if (g.sample.length < 3) g.sample.push(String(r.userId));
        groups.set(key, g);
      }
      out += resultLines(r, format);
      // Written a chunk at a time, as the answers arrive; a slow reader of stdout slows the run.
      if (done % flushEvery === 0) {
        await io.write(out);
        out = '';
      }
      progress.update({ done, total, failed });
    }
  } finally {
    if (out !== '') await io.write(out);
    elapsed = progress.finish();
  }
  if (done === 0) throw new UsageError(`${path} holds no user IDs`);
  const chunks = Math.ceil(done / (chunkSize ?? 200));
  io.err(summaryLine('relationship', { requested: done, succeeded: done - failed, failed, batches: chunks, batchWord: 'chunks' }, elapsed));
  for (const [key, g] of groups) io.err(`error ${key} (${fmt(g.count)} user${g.count > 1 ? 's' : ''}, e.g. ${g.sample.join(', ')})`);
  if (badIds > 0) return 2; // an input error (from standard input, which is not checked first)
  return failed > 0 ? 1 : 0;
}

function reportBatch(verb, report, elapsed, io) {
  io.err(summaryLine(verb, report, elapsed));
  const errors = report.errors ?? [];
  for (const e of errors.slice(0, 20)) {
    const where = Number.isInteger(e.batch) ? `batch ${e.batch + 1}/${report.batches}${e.offset !== undefined && e.count !== undefined ? ` (users ${fmt(e.offset + 1)}–${fmt(e.offset + e.count)})` : ''}: ` : '';
    io.err(`error ${where}${describeError(e)}`);
  }
  if (errors.length > 20) io.err(`… and ${fmt(errors.length - 20)} more failed batches`);
  return report.failed > 0 || errors.length > 0 ? 1 : 0;
}

const BATCH_OPTIONS = { ...CONNECTION_OPTIONS, file: { type: 'string' }, channel: { type: 'string' }, 'file-id': { type: 'string' }, 'user-type': { type: 'string' }, 'batch-size': { type: 'string' } };

function batchArgs(values, helpKey) {
  const path = required(values, 'file', helpKey);
  const channelPublicId = channelOption(required(values, 'channel', helpKey), '--channel');
  const fileId = integerOption(values, 'file-id', { min: 1, helpKey });
  if (fileId === undefined) throw new UsageError('--file-id is required (see `kakao-channel customers list`)', { help: helpKey });
  const batchSize = integerOption(values, 'batch-size', { min: 1, max: 2000, helpKey });
  const extra = {};
  if (batchSize !== undefined) extra.batchSize = batchSize;
  return { path, channelPublicId, fileId, extra };
}

async function cmdCustomersAdd(args, io) {
  const helpKey = 'customers add';
  const { values } = parseOptions(args, BATCH_OPTIONS, helpKey);
  if (values.help) return help(io, HELP[helpKey]);
  const { path, channelPublicId, fileId, extra } = batchArgs(values, helpKey);
  const admin = adminFrom(values, io.env, helpKey);
  const table = idTable(readCsv(path, 'CSV file'), { requireHeader: true, path });
  const userType = userTypeOption(values, table.idName, helpKey);

  let files;
  try {
    files = await admin.listCustomerFiles({ channelPublicId });
  } catch (err) {
    throw new RunError(`cannot read the customer files of ${channelPublicId}: ${describeError(err)}`);
  }
  const file = files.find((f) => Number(f.fileId) === fileId);
  if (!file) {
    const known = files.map((f) => `${f.fileId} "${f.fileName}"`).join(', ') || 'none';
    throw new RunError(`customer file ${fileId} is not on channel ${channelPublicId} (its files: ${known}); see \`kakao-channel customers list --channel ${channelPublicId}\``);
  }
  const schema = file.schema && typeof file.schema === 'object' && Object.keys(file.schema).length ? file.schema : null;
  if (!schema) io.err(`note: Kakao gave no schema for file ${fileId}; field values are sent as text`);
  const users = customerUsers(table, schema, { path, appIds: userType === 'app' });
  if (users.length === 0) throw new UsageError(`${path} holds no users`);

  const progress = createProgress({ stream: io.stderr, enabled: !values['no-progress'] });
  let report;
  let elapsed;
  try {
    report = await admin.addCustomerUsers({ channelPublicId, fileId, userType, users, ...(schema ? { schema } : {}), ...extra, signal: io.signal, onProgress: (p) => progress.update(p) });
  } finally {
    elapsed = progress.finish();
  }
  return reportBatch(`added to file ${fileId}`, report, elapsed, io);
}

async function cmdCustomersDelete(args, io) {
  const helpKey = 'customers delete';
  const { values } = parseOptions(args, BATCH_OPTIONS, helpKey);
  if (values.help) return help(io, HELP[helpKey]);
  const { path, channelPublicId, fileId, extra } = batchArgs(values, helpKey);
  const admin = adminFrom(values, io.env, helpKey);
  const table = idTable(readCsv(path, 'file'), { path });
  const userType = userTypeOption(values, table.idName, helpKey);
  const userIds = idsOf(table, { path, appIds: userType === 'app' });
  if (userIds.length === 0) throw new UsageError(`${path} holds no user IDs`);

  const progress = createProgress({ stream: io.stderr, enabled: !values['no-progress'] });
  let report;
  let elapsed;
  try {
    report = await admin.deleteCustomerUsers({ channelPublicId, fileId, userType, userIds, ...extra, signal: io.signal, onProgress: (p) => progress.update(p) });
  } finally {
    elapsed = progress.finish();
  }
  return reportBatch(`deleted from file ${fileId}`, report, elapsed, io);
}

async function cmdCustomersList(args, io) {
  const helpKey = 'customers list';
  const { values } = parseOptions(args, { ...CONNECTION_OPTIONS, channel: { type: 'string' }, json: { type: 'boolean', default: false } }, helpKey);
  if (values.help) return help(io, HELP[helpKey]);
  const channelPublicId = channelOption(required(values, 'channel', helpKey), '--channel');
  const admin = adminFrom(values, io.env, helpKey);
  const files = await admin.listCustomerFiles({ channelPublicId });
  if (values.json) return help(io, JSON.stringify(files, null, 2));
  if (files.length === 0) {
    io.err(`channel ${channelPublicId} has no customer files`);
    return 0;
  }
  const rows = [['file_id', 'file_name', 'schema'], ...files.map((f) => [String(f.fileId), String(f.fileName ?? ''), Object.entries(f.schema ?? {}).map(([k, t]) => `${k}:${t}`).join(',')])];
  const widths = [0, 1].map((c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) io.out(`${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`.trimEnd());
  return 0;
}

async function cmdCustomersCreate(args, io) {
  const helpKey = 'customers create';
  const { values } = parseOptions(args, { ...CONNECTION_OPTIONS, channel: { type: 'string' }, name: { type: 'string' }, schema: { type: 'string' } }, helpKey);
  if (values.help) return help(io, HELP[helpKey]);
  const channelPublicId = channelOption(required(values, 'channel', helpKey), '--channel');
  const fileName = required(values, 'name', helpKey);
  const schema = {};
  for (const part of required(values, 'schema', helpKey).split(',')) {
    const m = /^\s*([^:\s][^:]*?)\s*:\s*(string|number)\s*$/.exec(part);
    if (!m) throw new UsageError(`--schema: ${JSON.stringify(part.trim())} is not name:string or name:number`, { help: helpKey });
    if (Object.hasOwn(schema, m[1])) throw new UsageError(`--schema: field ${m[1]} appears twice`, { help: helpKey });
    schema[m[1]] = m[2];
  }
  const admin = adminFrom(values, io.env, helpKey);
  const { fileId } = await admin.createCustomerFile({ channelPublicId, fileName, schema });
  io.out(String(fileId));
  io.err(`created customer file ${fileId} "${fileName}" on ${channelPublicId}`);
  return 0;
}

// ---- main ---------------------------------------------------------------------------------------------

/** Codes the SDK rejects with before sending anything: the input's fault, exit 2. */
const INPUT_CODES = new Set(['INVALID_ARGUMENT', 'INVALID_CHANNEL_ID', 'SEARCH_ID_NOT_SUPPORTED']);

const COMMANDS = {
  parse: cmdParse,
  relationship: cmdRelationship,
  'customers add': cmdCustomersAdd,
  'customers delete': cmdCustomersDelete,
  'customers list': cmdCustomersList,
  'customers create': cmdCustomersCreate,
};

/**
 * Runs the CLI. `io` defaults to the process's streams and environment.
 * @param {string[]} argv arguments after the program name
 * @returns {Promise<number>} the exit status
 */
export async function main(argv, io = processIo()) {
  const dashdash = argv.indexOf('--');
  const flags = dashdash === -1 ? argv : argv.slice(0, dashdash);
  if (flags.some((a) => a === '--admin-key' || a.startsWith('--admin-key='))) {
    io.err('error: --admin-key is refused: command-line flags are kept in shell history and shown to every local user by `ps`. Put the key in the KAKAO_ADMIN_KEY environment variable instead (e.g. from your secret store).');
    return 2;
  }
  let key = argv[0];
  let rest = argv.slice(1);
  if (key === undefined) {
    io.err(HELP.main);
    return 2;
  }
  if (key === '-h' || key === '--help' || key === 'help') return help(io, HELP.main);
  if (key === '--version' || key === '-v') {
    io.out(VERSION);
    return 0;
  }
  if (key === 'customers') {
    const sub = rest[0];
    if (sub === undefined) {
      io.err(HELP.customers);
      return 2;
    }
    if (sub === '-h' || sub === '--help') return help(io, HELP.customers);
    key = `customers ${sub}`;
    rest = rest.slice(1);
  }
  const command = COMMANDS[key];
  try {
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(key)}`, { help: key.startsWith('customers ') ? 'customers' : 'main' });
    return (await command(rest, io)) ?? 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}`);
      if (err.help) io.err(`Run \`kakao-channel ${err.help === 'main' ? '' : `${err.help} `}--help\` for usage.`);
      return 2;
    }
    if (io.signal?.aborted) {
      io.err(`interrupted: ${describeError(err)}`);
      return 130;
    }
    if (INPUT_CODES.has(err?.code)) {
      io.err(`error ${describeError(err)}`);
      io.err('Nothing was sent.');
      return 2;
    }
    if (err instanceof RunError) {
      io.err(`error: ${err.message}`);
      return 1;
    }
    io.err(`error ${describeError(err)}`);
    return 1;
  }
}

function processIo() {
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ninterrupting (Ctrl-C again to quit at once)…\n');
    controller.abort();
  });
  return {
    env: process.env,
    stderr: process.stderr,
    signal: controller.signal,
    stdin: process.stdin,
    out: (text) => process.stdout.write(`${text}\n`),
    /** Writes `text` to stdout; resolves once it may take more (backpressure). */
    write(text) {
      if (process.stdout.write(text)) return Promise.resolve();
      return new Promise((resolve) => process.stdout.once('drain', resolve));
    },
    err: (text) => process.stderr.write(`${text}\n`),
    async writeLines(lines) {
      const PER_WRITE = 2000;
      for (let k = 0; k < lines.length; k += PER_WRITE) {
        const chunk = `${lines.slice(k, k + PER_WRITE).join('\n')}\n`;
        if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      }
    },
  };
}

function invokedDirectly() {
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
