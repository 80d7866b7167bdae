// The `kakao-channel` command (dist/cli.js) run as a child process against the fake Kakao server,
// plus its CSV parser and progress bar in isolation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeKakao } from '../fake-kakao/server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(root, 'dist', 'cli.js');
const CHANNEL = '_ZeUTxl';
const ADD_PATH = '/v1/talkchannel/update/target_users';
const DELETE_PATH = '/v1/talkchannel/delete/target_users';

const cli = await import(CLI);
let fake;
let dir;

before(async () => {
  fake = await startFakeKakao({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'kakao-channel-cli-'));
});

after(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI asynchronously (the fake lives in this process) → { code, stdout, stderr, ms }. */
function run(args, { env = {}, key = 'demo-admin-key', stdin = null } = {}) {
  const base = { ...process.env };
  delete base.KAKAO_ADMIN_KEY;
  delete base.KAKAO_API_HOST;
  const childEnv = { ...base, KAKAO_API_HOST: fake.url, ...(key === null ? {} : { KAKAO_ADMIN_KEY: key }), ...env };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: childEnv, stdio: [stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (stdin !== null) child.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

const file = (name, text) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function fakeGet(path) {
  const res = await fetch(`${fake.url}${path}`);
  assert.equal(res.status, 200, path);
  return res.json();
}

async function customerFile(fileId) {
  const files = await fakeGet(`/__fake/customer-files?channel_public_id=${CHANNEL}`);
  return files.find((f) => f.file_id === fileId);
}

async function createFile(name) {
  const r = await run(['customers', 'create', '--channel', `https://pf.kakao.com/${CHANNEL}`, '--name', name, '--schema', 'name:string, points:number']);
  assert.equal(r.code, 0, r.stderr);
  const fileId = Number(r.stdout.trim());
  assert.ok(Number.isInteger(fileId) && fileId > 0, r.stdout);
  return fileId;
}

// ---- in isolation -------------------------------------------------------------------------------------

test('parseCsv: one-line files, an empty file, an unclosed quote', () => {
  assert.deepEqual(cli.parseCsv('a,b\n').map((r) => r.cells), [['a', 'b']]);
  assert.deepEqual(cli.parseCsv('').length, 0);
  assert.throws(() => cli.parseCsv('id\n"open'), /never closed/);
});

test('ID files: a one-ID-a-line file, a user_id/id/phone header, else the first column', () => {
  const ids = (text) => {
    const t = cli.idTable(cli.parseCsv(text));
    return t.rows.map((r) => r.cells[t.idIndex]);
  };
  assert.deepEqual(ids('1001\n9223372036854775807\n'), ['1001', '9223372036854775807']);
  assert.deepEqual(ids('name,user_id\nkim,1001\n'), ['1001']);
  assert.deepEqual(ids('uid,name\n1001,kim\n'), ['1001']);
  const phones = cli.idTable(cli.parseCsv('Phone\n010-1234-5678'));
  assert.equal(phones.idName, 'phone');
  assert.deepEqual(cli.idsOf(phones, { appIds: false }), ['010-1234-5678']);
  assert.throws(() => cli.idsOf(phones), /line 2: "010-1234-5678" is not a user ID \(1 to 19 digits\)/);
  assert.throws(() => cli.idsOf(cli.idTable(cli.parseCsv('1001\n12345678901234567890\n'))), /line 2: .* is not a user ID/);
});

test("the CLI's rules are the SDK's: user IDs and types, option limits, a customer file's schema", async () => {
  const ids = (text) => cli.idsOf(cli.idTable(cli.parseCsv(text)));
  // The SDK reads leading zeros away and caps IDs at 2^63 - 1; a 1-to-19-digit pattern did neither.
  assert.deepEqual(ids('user_id\n000000000000000001001\n'), ['000000000000000001001']);
  assert.throws(() => ids('user_id\n9223372036854775808\n'), /line 2: "9223372036854775808" is not a user ID/);
  assert.deepEqual(cli.LIMITS, { maxChunkSize: 200, maxBatchSize: 2000, maxConcurrency: 64, defaultConcurrency: 4, maxRetries: 10, defaultRetries: 5 });
  const files = [
    { fileId: 7, fileName: 'a', schema: { points: 'number', tier: 'string', odd: 5 } },
    { fileId: 8, fileName: 'b' },
  ];
  assert.deepEqual(cli.customerFileSchema(files, 7), { points: 'number', tier: 'string' }, 'as the SDK reads it');
  assert.equal(cli.customerFileSchema(files, 8), null);
  assert.equal(cli.customerFileSchema(files, 9), undefined);
  const chunk = await run(['relationship', '--users', '-', '--chunk-size', '201'], { stdin: '1001\n' });
  assert.equal(chunk.code, 2);
  assert.match(chunk.stderr, /--chunk-size must be a whole number from 1 to 200, not "201"/);
  const type = await run(['customers', 'delete', '--file', file('types.csv', 'user_id\n1001\n'), '--channel', CHANNEL, '--file-id', '1', '--user-type', 'email']);
  assert.equal(type.code, 2);
  assert.match(type.stderr, /--user-type must be app or phone, not "email"/);
  const before = (await fakeGet('/__fake/stats')).total;
  const schema = await run(['customers', 'create', '--channel', CHANNEL, '--name', 'typed', '--schema', 'points:number,tier:bool']);
  assert.equal(schema.code, 2, 'a type the SDK does not take is an input error');
  assert.match(schema.stderr, /schema\.tier must be 'string' or 'number'[\s\S]*Nothing was sent/);
  assert.equal((await fakeGet('/__fake/stats')).total, before);
  const help = await run(['customers', 'add', '--help']);
  assert.match(help.stdout, /2,000 users a request\.[\s\S]*--batch-size N {6}users a request, 1\.\.2000 \(default 2000\)/);
});

test('customer rows are converted by the schema, every problem is named by row and column', () => {
  const table = cli.idTable(cli.parseCsv('id,name,points\n1,Kim,10\n2,,-2.5e1\n3,Lee,\n'), { requireHeader: true });
  assert.deepEqual(cli.customerUsers(table, { name: 'string', points: 'number' }), [
    { id: '1', fields: { name: 'Kim', points: 10 } },
    { id: '2', fields: { points: -25 } },
    { id: '3', fields: { name: 'Lee' } },
  ]);
  const bad = cli.idTable(cli.parseCsv('id,points,extra\n1,12abc,\n,3,\n4,0x10,\n'), { requireHeader: true });
  assert.throws(() => cli.customerUsers(bad, { points: 'number' }, { path: 'users.csv' }), (err) => {
    assert.match(err.message, /column "extra" is not a field/);
    assert.match(err.message, /row 1 \(line 2\), column "points": "12abc" is not a number/);
    assert.match(err.message, /row 2 \(line 3\) has no id/);
    assert.match(err.message, /row 3 \(line 4\), column "points": "0x10" is not a number/);
    return true;
  });
});

test('progress: a redrawn \\r bar on a terminal, one line per 10 % step otherwise', () => {
  assert.equal(cli.progressLine({ done: 5000, total: 10000, failed: 1 }, 3200), '[##########..........] 5,000/10,000 users  50%  1 failed  3.2 s');
  const sink = (tty) => {
    const chunks = [];
    return { chunks, stream: { isTTY: tty, write: (s) => chunks.push(s) } };
  };
  const plain = sink(false);
  const p = cli.createProgress({ stream: plain.stream });
  for (let done = 0; done <= 10000; done += 250) p.update({ done, total: 10000, failed: 0 });
  p.finish();
  assert.equal(plain.chunks.length, 10, plain.chunks.join(''));
  assert.ok(plain.chunks.every((c) => c.endsWith('\n') && !c.includes('\r')));
  assert.match(plain.chunks.at(-1), /10,000\/10,000 users {2}100%/);

  const tty = sink(true);
  const t = cli.createProgress({ stream: tty.stream });
  t.update({ done: 1, total: 2, failed: 0 });
  t.update({ done: 2, total: 2, failed: 0 });
  t.finish();
  assert.ok(tty.chunks[0].startsWith('\r[##########..........] 1/2 users  50%'));
  assert.ok(tty.chunks[1].startsWith('\r[####################] 2/2 users  100%'));
  assert.equal(tty.chunks.at(-1), '\n');
});

// ---- the command ----------------------------------------------------------------------------------------

test('package.json bin points at dist/cli.js, which starts with a node shebang', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.bin['kakao-channel'], './dist/cli.js');
  assert.ok(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n'));
});

test('runs through a symlink, as npm links package bins', async () => {
  const { symlinkSync } = await import('node:fs');
  const link = join(dir, 'kakao-channel');
  symlinkSync(CLI, link);
  const r = await new Promise((resolve) => {
    const child = spawn(process.execPath, [link, 'parse', '_ZeUTxl'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (out += c));
    child.on('close', (code) => resolve({ code, out }));
  });
  assert.deepEqual(r, { code: 0, out: '_ZeUTxl\n' });
});

test('parse: prints the public ID (exit 0); a bad input is "error CODE: message" (exit 2, an input error)', async () => {
  const ok = await run(['parse', 'https://pf.kakao.com/_ZeUTxl/chat'], { key: null });
  assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, '_ZeUTxl\n', '']);
  const bad = await run(['parse', 'https://evil.example/_ZeUTxl'], { key: null });
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^error INVALID_CHANNEL_ID: \S/);
  const search = await run(['parse', '@kakaochannel'], { key: null });
  assert.equal(search.stdout, '');
  assert.equal(search.code, 2);
  assert.match(search.stderr, /^error SEARCH_ID_NOT_SUPPORTED: /);
  assert.equal((await run(['parse'], { key: null })).code, 2);
});

test('exit status 2 for usage and input errors: the code, the top-level help, every subcommand help and the README agree', async () => {
  const main = await run(['--help'], { key: null });
  assert.match(main.stdout, /2 usage or input error/);
  assert.doesNotMatch(main.stdout, /1 [^;\n]*(input|bad|invalid)/i, 'exit 1 is never said of input errors');
  for (const args of [['parse', '--help'], ['relationship', '--help'], ['customers', '--help'], ['customers', 'add', '--help'], ['customers', 'delete', '--help'], ['customers', 'list', '--help'], ['customers', 'create', '--help']]) {
    const r = await run(args, { key: null });
    assert.doesNotMatch(r.stdout, /exits? 1\b/, `${args.join(' ')} --help must not promise exit 1 for an input error`);
    if (/[Ee]xit/.test(r.stdout)) assert.match(r.stdout, /(2 usage or input error|exits 2)/, args.join(' '));
  }
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.match(readme, /2 on a usage\s+or input error/);
  // And the code: a bad channel ID anywhere is an input error.
  assert.equal((await run(['parse', 'nope'], { key: null })).code, 2);
  assert.equal((await run(['relationship', '--users', file('ch.txt', '1001\n'), '--channels', 'nope'])).code, 2);
  assert.equal((await run(['customers', 'list', '--channel', 'https://evil.example/_x'])).code, 2);
  assert.equal((await run(['customers', 'create', '--channel', '@search', '--name', 'x', '--schema', 'a:string'])).code, 2);
});

test('--help for every command; unknown commands and options are usage errors (exit 2)', async () => {
  for (const args of [['--help'], ['parse', '--help'], ['relationship', '--help'], ['customers', '--help'], ['customers', 'add', '--help'], ['customers', 'delete', '--help'], ['customers', 'list', '-h'], ['customers', 'create', '--help']]) {
    const r = await run(args, { key: null });
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /Usage:/, args.join(' '));
  }
  const unknown = await run(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  const option = await run(['relationship', '--user', 'x']);
  assert.equal(option.code, 2);
  assert.match(option.stderr, /Unknown option '--user'/);
  assert.equal((await run(['customers', 'delete', '--file', file('types.csv', 'user_id\n1001\n'), '--channel', CHANNEL, '--file-id', 'abc'])).code, 2);
  assert.equal((await run(['customers', 'delete', '--file', file('types.csv', 'user_id\n1001\n'), '--channel', '@search', '--file-id', '1'])).code, 2);
});

test('the admin key comes only from KAKAO_ADMIN_KEY: missing → exit 2, --admin-key refused', async () => {
  const users = file('one.txt', '1001\n');
  const missing = await run(['relationship', '--users', users], { key: null });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /KAKAO_ADMIN_KEY is not set/);
  for (const args of [['relationship', '--users', users, '--admin-key', 'secret-in-argv'], ['customers', 'list', '--channel', CHANNEL, '--admin-key=secret-in-argv']]) {
    const refused = await run(args, { key: null });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--admin-key is refused/);
    assert.match(refused.stderr, /shell history/);
    assert.match(refused.stderr, /`ps`/);
    assert.match(refused.stderr, /KAKAO_ADMIN_KEY/);
    assert.doesNotMatch(refused.stderr + refused.stdout, /secret-in-argv/);
  }
});

test('relationship: a CSV with a BOM, CRLF, quotes and a 19-digit ID, as jsonl and csv', async () => {
  const big = '9223372036854775807';
  const users = file('users.csv', `\ufeffnote,user_id\r\n"Kim, ""VIP""",1001\r\n\r\nbig,${big}\r\n`);
  const since = (await fakeGet('/__fake/requests')).requests.at(-1)?.seq ?? 0;
  const r = await run(['relationship', '--users', users, '--channels', `_ZeUTxl,https://pf.kakao.com/_Bxkd`]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.userId), ['1001', big], 'input order, IDs as written');
  assert.deepEqual(lines[0].channels.map((c) => [c.channelPublicId, c.relation]), [['_ZeUTxl', 'ADDED'], ['_Bxkd', 'BLOCKED']]);
  assert.ok(lines[1].channels.every((c) => c.relation === 'NONE'));
  assert.match(r.stdout, new RegExp(`"userId":"${big}"`), 'the big ID is exact');
  assert.match(r.stderr, /relationship: 2 requested, 2 succeeded, 0 failed, 1 chunk, /);
  const sent = (await fakeGet(`/__fake/requests?since=${since}`)).requests.filter((q) => q.path.startsWith('/v2/api/talk/channels'));
  assert.ok(sent.some((q) => JSON.stringify(q).includes(big)), 'the fake received the exact 19 digits');

  const csv = await run(['relationship', '--users', users, '--format', 'csv', '--channels', '_ZeUTxl']);
  assert.equal(csv.code, 0, csv.stderr);
  assert.deepEqual(csv.stdout.trim().split('\n'), [
    'user_id,channel_public_id,relation,updated_at,error',
    '1001,_ZeUTxl,ADDED,2019-05-10T08:06:53Z,',
    `${big},_ZeUTxl,NONE,,`,
  ]);
});

test('relationship: an ID that is not 1 to 19 digits is named by line, nothing is sent (exit 2)', async () => {
  const users = file('bad-ids.csv', 'user_id\n1001\nkim\n');
  const before = (await fakeGet('/__fake/stats')).total;
  const r = await run(['relationship', '--users', users]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /line 3: "kim" is not a user ID/);
  assert.equal((await fakeGet('/__fake/stats')).total, before);
});

test('relationship: a refused request is reported per user (exit 1) and still prints every user', async () => {
  const users = file('rel-fail.txt', '1001\n1002\n1001\n');
  const r = await run(['relationship', '--users', users, '--channels', '_vxfxm']);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.userId), ['1001', '1002', '1001']);
  for (const l of lines) assert.equal(typeof l.error.code, 'string');
  assert.match(r.stderr, /3 requested, 0 succeeded, 3 failed/);
  assert.match(r.stderr, /^error KAKAO_API: .*-819.* \(3 users, e\.g\. 1001, 1002, 1001\)$/m);
});

test('relationship streams: IDs from stdin line by line, each chunk written as it is answered; jsonl = ndjson', async () => {
  const base = { ...process.env, KAKAO_API_HOST: fake.url, KAKAO_ADMIN_KEY: 'demo-admin-key' };
  const child = spawn(process.execPath, [CLI, 'relationship', '--chunk-size', '5', '--channels', '_ZeUTxl'], { env: base, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
  const closed = new Promise((resolve) => child.on('close', resolve));
  child.stdin.write('user_id\n1001\n1002\n9223372036854775807\n1004\n1005\n');
  const until = Date.now() + 5000;
  while (stdout.split('\n').length < 6 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(stdout.trim().split('\n').length, 5, 'the first chunk is out while stdin is still open');
  child.stdin.end('kim\n1007\n');
  const code = await closed;
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.userId), ['1001', '1002', '9223372036854775807', '1004', '1005', 'kim', '1007']);
  assert.equal(lines[5].error.code, 'INVALID_ARGUMENT');
  assert.equal(lines[6].channels[0].channelPublicId, '_ZeUTxl');
  assert.equal(code, 2, 'a bad ID on stdin is an input error');
  assert.match(stderr, /7 requested, 6 succeeded, 1 failed/);

  const users = file('alias.txt', '1001\n');
  const [ndjson, jsonl] = await Promise.all([run(['relationship', '--users', users, '--no-progress']), run(['relationship', '--users', users, '--format', 'jsonl', '--no-progress'])]);
  assert.equal(ndjson.code, 0, ndjson.stderr);
  assert.equal(jsonl.stdout, ndjson.stdout);
  const piped = await run(['relationship', '--users', '-', '--format', 'csv', '--channels', '_ZeUTxl'], { stdin: '1001\r\n' });
  assert.deepEqual(piped.stdout.trim().split('\n'), ['user_id,channel_public_id,relation,updated_at,error', '1001,_ZeUTxl,ADDED,2019-05-10T08:06:53Z,']);
  assert.equal((await run(['relationship', '--format', 'xml', '--users', users])).code, 2);
});

test('customers create, list, add 10,000 users with a progress bar, delete', async () => {
  const fileId = await createFile(`cli members ${Date.now()}`);
  const list = await run(['customers', 'list', '--channel', CHANNEL]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`^${fileId} +cli members \\d+ +name:string,points:number$`, 'm'));

  let csv = 'user_id,name,points\r\n';
  for (let i = 0; i < 10000; i++) csv += `${8_000_000_000 + i},"Kim ${i}, ""#${i}""",${i % 10 === 0 ? '' : i}\r\n`;
  const path = file('members.csv', `\ufeff${csv}\r\n`);
  const r = await run(['customers', 'add', '--file', path, '--channel', CHANNEL, '--file-id', String(fileId)]);
  assert.equal(r.code, 0, r.stderr);
  const bars = r.stderr.split('\n').filter((l) => l.startsWith('['));
  assert.ok(bars.length >= 2, `progress lines on stderr:\n${r.stderr}`);
  assert.match(bars.at(-1), /^\[#{20}\] 10,000\/10,000 users {2}100% {2}0 failed {2}\d+\.\d s$/);
  assert.match(r.stderr, /10,000 requested, 10,000 succeeded, 0 failed, 5 batches, \d+\.\d s, [\d,]+ users\/s/);

  const stored = await customerFile(fileId);
  assert.equal(stored.users.length, 10000);
  const byId = new Map(stored.users.map((u) => [String(u.id), u.fields]));
  assert.deepEqual(byId.get('8000000007'), { name: 'Kim 7, "#7"', points: 7 });
  assert.deepEqual(byId.get('8000000010'), { name: 'Kim 10, "#10"' }, 'an empty cell is left out');

  const del = file('gone.csv', Array.from({ length: 4000 }, (_, i) => String(8_000_000_000 + i)).join('\n'));
  const d = await run(['customers', 'delete', '--file', del, '--channel', CHANNEL, '--file-id', String(fileId), '--batch-size', '1000']);
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stderr, /4,000 requested, 4,000 succeeded, 0 failed, 4 batches/);
  assert.equal((await customerFile(fileId)).users.length, 6000);
});

test('customers add: a non-numeric value is named by row and column, and nothing is sent (exit 2)', async () => {
  const fileId = await createFile(`cli bad values ${Date.now()}`);
  const path = file('bad.csv', 'id,name,points\n1,Kim,10\n2,Lee,ten\n');
  const before = (await fakeGet('/__fake/stats')).requests[ADD_PATH] ?? 0;
  const r = await run(['customers', 'add', '--file', path, '--channel', CHANNEL, '--file-id', String(fileId)]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /row 2 \(line 3\), column "points": "ten" is not a number/);
  assert.match(r.stderr, /nothing was sent/);
  assert.equal((await fakeGet('/__fake/stats')).requests[ADD_PATH] ?? 0, before);
  assert.equal((await customerFile(fileId)).users.length, 0);
});

test('customers add: a batch that keeps failing → its error listed, exit 1; an unknown file → exit 1', async () => {
  const fileId = await createFile(`cli faults ${Date.now()}`);
  const users = Array.from({ length: 30 }, (_, i) => `${9_000_000_000 + i},n${i},${i}`);
  const path = file('faulty.csv', `id,name,points\n${users.join('\n')}\n`);
  const fault = await fetch(`${fake.url}/__fake/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ path: ADD_PATH, mode: 'status500', times: 20 }) });
  assert.equal(fault.status, 201);
  try {
    const r = await run(['customers', 'add', '--file', path, '--channel', CHANNEL, '--file-id', String(fileId), '--batch-size', '10', '--retries', '1']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /30 requested, 0 succeeded, 30 failed, 3 batches/);
    assert.match(r.stderr, /^error batch 1\/3 \(users 1–10\): [A-Z_]+: /m);
  } finally {
    await fetch(`${fake.url}/__fake/faults`, { method: 'DELETE' });
  }

  const unknown = await run(['customers', 'add', '--file', path, '--channel', CHANNEL, '--file-id', '999999']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /customer file 999999 is not on channel _ZeUTxl/);

  const del = await run(['customers', 'delete', '--file', path, '--channel', CHANNEL, '--file-id', '999999']);
  assert.equal(del.code, 1);
  assert.match(del.stderr, /30 requested, 0 succeeded, 30 failed, 1 batch,/);
  assert.match(del.stderr, /^error batch .*KAKAO_API: /m);
  assert.equal((await fakeGet('/__fake/stats')).requests[DELETE_PATH] > 0, true);
});

test('parseCsv (csv-parse) on LF-only, CR-only and CRLF files: rows keep the line they start on', () => {
  for (const nl of ['\r\n', '\n', '\r']) {
    const rows = cli.parseCsv(`\ufeffid,name${nl}1,"Kim, ""Jay"""${nl}${nl}2,"two${nl}lines"${nl}${nl}3,${nl}4,x`);
    assert.deepEqual(rows.map((r) => r.cells), [['id', 'name'], ['1', 'Kim, "Jay"'], ['2', `two${nl}lines`], ['3', ''], ['4', 'x']], JSON.stringify(nl));
    assert.deepEqual(rows.map((r) => r.line), [1, 2, 4, 7, 8], JSON.stringify(nl));
  }
  assert.throws(() => cli.parseCsv('id\n1\n"open'), (e) => /never closed/.test(e.message) && /line 3/.test(e.message));
});
