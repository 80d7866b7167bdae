#!/usr/bin/env node
// kakao-channel: command-line tools over `kakao-channel/server` (Node >= 20; CSV through csv-parse).
// The help texts are in cli-help.js, input reading in cli-input.js, output in cli-output.js.
//
//   kakao-channel parse <url-or-id>
//   kakao-channel relationship [--users <file>] [--channels _a,_b] [--format ndjson|csv] ...  (or IDs on stdin)
//   kakao-channel customers list|create|add|delete ...
//
// The admin key comes only from the environment (KAKAO_ADMIN_KEY). Results go to stdout, progress
// and errors to stderr. Exit status: 0 success, 1 Kakao refused something (a failed batch or
// user), 2 usage or input error (nothing was changed), 130 interrupted.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KakaoChannelAdmin, parseChannelId } from './server.js';
import { HELP, VERSION } from './cli-help.js';
import { customerFileSchema, customerUsers, idLines, idsOf, idTable, isUserType, LIMITS, openUsersFile, readCsv, scanUsersFile, UsageError } from './cli-input.js';
import { createProgress, describeError, fmt, resultLines, summaryLine } from './cli-output.js';

// The pieces the tests (and scripts) use one by one.
export { customerFileSchema, customerUsers, idLines, idsOf, idTable, LIMITS, parseCsv } from './cli-input.js';
export { createProgress, progressLine } from './cli-output.js';

/** Something failed after the input was accepted (Kakao refused, a batch failed): exit 1. */
class RunError extends Error {}

function help(io, text) {
  io.out(text);
  return 0;
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
  if (!isUserType(t)) throw new UsageError(`--user-type must be app or phone, not ${JSON.stringify(t)}`, { help: helpKey });
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
  const concurrency = integerOption(values, 'concurrency', { min: 1, max: LIMITS.maxConcurrency, helpKey });
  const retries = integerOption(values, 'retries', { min: 0, max: LIMITS.maxRetries, helpKey });
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

async function cmdRelationship(args, io) {
  const helpKey = 'relationship';
  const { values } = parseOptions(args, { ...CONNECTION_OPTIONS, users: { type: 'string' }, channels: { type: 'string' }, 'chunk-size': { type: 'string' }, format: { type: 'string', default: 'ndjson' } }, helpKey);
  if (values.help) return help(io, HELP.relationship);
  const format = values.format === 'jsonl' ? 'ndjson' : values.format;
  if (!['ndjson', 'csv'].includes(format)) throw new UsageError(`--format must be ndjson (or jsonl) or csv, not ${JSON.stringify(values.format)}`, { help: helpKey });
  const fromStdin = values.users === undefined || values.users === '-';
  if (fromStdin && io.stdin?.isTTY) throw new UsageError('give --users FILE, or pipe the user IDs into standard input (one a line)', { help: helpKey });
  if (!fromStdin && values.users.trim() === '') throw new UsageError('--users is empty', { help: helpKey });
  // Given to the SDK always (its largest when not set), so the CLI knows its chunks' size.
  const chunkSize = integerOption(values, 'chunk-size', { min: 1, max: LIMITS.maxChunkSize, helpKey }) ?? LIMITS.maxChunkSize;
  const channelPublicIds = values.channels?.split(',').map((s) => s.trim()).filter(Boolean).map((c) => channelOption(c, '--channels'));
  const admin = adminFrom(values, io.env, helpKey);
  const path = fromStdin ? 'standard input' : values.users;
  // A file is checked whole first (nothing is sent for a bad one) and gives the bar its total.
  const total = fromStdin ? null : await scanUsersFile(path);
  const source = fromStdin ? io.stdin : await openUsersFile(path);

  async function* userIds() {
    for await (const { id } of idLines(source, path)) yield id;
  }
  const options = { userIds: userIds(), chunkSize, signal: io.signal };
  if (channelPublicIds?.length) options.channelPublicIds = channelPublicIds;

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
      if (done % chunkSize === 0) {
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
  const chunks = Math.ceil(done / chunkSize);
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
  const batchSize = integerOption(values, 'batch-size', { min: 1, max: LIMITS.maxBatchSize, helpKey });
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
  const schema = customerFileSchema(files, fileId);
  if (schema === undefined) {
    const known = files.map((f) => `${f.fileId} "${f.fileName}"`).join(', ') || 'none';
    throw new RunError(`customer file ${fileId} is not on channel ${channelPublicId} (its files: ${known}); see \`kakao-channel customers list --channel ${channelPublicId}\``);
  }
  if (schema === null) io.err(`note: Kakao gave no schema for file ${fileId}; field values are sent as text`);
  const users = customerUsers(table, schema, { path, appIds: userType === 'app' });
  if (users.length === 0) throw new UsageError(`${path} holds no users`);

  const progress = createProgress({ stream: io.stderr, enabled: !values['no-progress'] });
  // The schema goes along so the SDK need not look the file up again; an empty one would be
  // refused as a `schema` option (at least one field), and the SDK's own lookup reads it the same.
  const schemaOption = schema && Object.keys(schema).length ? { schema } : {};
  let report;
  let elapsed;
  try {
    report = await admin.addCustomerUsers({ channelPublicId, fileId, userType, users, ...schemaOption, ...extra, signal: io.signal, onProgress: (p) => progress.update(p) });
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
  // The flag's syntax is the CLI's; the types and names the SDK takes are createCustomerFile's
  // to check (a refusal there is an input error too: exit 2, nothing sent).
  for (const part of required(values, 'schema', helpKey).split(',')) {
    const m = /^\s*([^:\s][^:]*?)\s*:\s*([^:\s]+)\s*$/.exec(part);
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
