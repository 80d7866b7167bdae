#!/usr/bin/env node
// Benchmark of kakao-channel/server against the fake Kakao server (a benchmark, not a test: the
// test command never runs it). Needs `npm run build` first.
//
//   npm run bench:server [-- --users N] [-- --naive-users N] [-- --naive-seconds S] [-- --out FILE]
//   (about 4–5 minutes with the defaults)
//
// Measures, each in a fresh Node process so memory figures are the SDK's alone (the fake runs
// in its own process):
//   (a) relationships of N users: checkRelationships (chunks of 200, concurrent) vs a naive loop
//       awaiting checkRelationship once per user;
//   (b) uploading N users to a customer file: addCustomerUsers (batches of 2,000) vs a naive loop
//       of one addCustomerUsers call per user.
// For each: wall time, users/s, requests the fake received (GET /__fake/stats), peak RSS and heap
// (sampled every 50 ms). The naive loops share a time budget (--naive-seconds, default 240: the
// first gets up to 150 s, the second what is left, at least 90 s) unless --naive-users is given;
// a loop that runs out of time stops, and the table says on how many users it was measured.
// Writes a table to stdout and the numbers to bench/server-results.json.
import { spawn } from 'node:child_process';
import { cpus, totalmem, platform, arch, release } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const ADMIN_KEY = 'demo-admin-key';
const CHANNEL = '_ZeUTxl';
const SCHEMA = { name: 'string', points: 'number' };

const { values: opts } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    'naive-users': { type: 'string' },
    'naive-seconds': { type: 'string', default: '240' },
    out: { type: 'string', default: join(root, 'bench', 'server-results.json') },
    // internal: one scenario in this process
    worker: { type: 'string' },
    api: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function positive(name) {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a whole number >= 1`);
    process.exit(2);
  }
  return n;
}

const userIds = (n) => Array.from({ length: n }, (_, i) => String(7_000_000_000 + i));

// ---- worker: one scenario, measured in this process --------------------------------------------------

async function fakeJson(api, path, method = 'GET') {
  const res = await fetch(`${api}${path}`, { method });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`);
  return res.json();
}

function memorySampler() {
  const peak = { rss: 0, heapUsed: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 50);
  return {
    stop() {
      sample();
      clearInterval(timer);
      return peak;
    },
  };
}

async function worker(scenario, api, users, naiveUsers, naiveSeconds) {
  const { KakaoChannelAdmin } = await import('kakao-channel/server');
  const admin = new KakaoChannelAdmin({ adminKey: ADMIN_KEY, hosts: { api } });
  const naive = scenario.endsWith('-naive');
  const limit = naive ? (naiveUsers ?? users) : users;
  const deadline = naive && naiveUsers === undefined ? naiveSeconds * 1000 : Infinity;
  const ids = userIds(limit);
  let fileId = null;
  let records = null;
  if (scenario.startsWith('add')) {
    ({ fileId } = await admin.createCustomerFile({ channelPublicId: CHANNEL, fileName: `bench ${scenario} ${Date.now()}`, schema: SCHEMA }));
    records = ids.map((id, i) => ({ id, fields: { name: `user ${i}`, points: i } }));
  }
  global.gc?.();
  await fakeJson(api, '/__fake/stats', 'DELETE');
  const base = process.memoryUsage();
  const memory = memorySampler();
  const started = performance.now();
  let done = 0;
  let failed = 0;

  if (scenario === 'rel-batched') {
    const results = await admin.checkRelationships({ userIds: ids });
    done = results.length;
    failed = results.filter((r) => r.error).length;
  } else if (scenario === 'rel-naive') {
    for (const userId of ids) {
      try {
        await admin.checkRelationship({ userId });
      } catch {
        failed++;
      }
      done++;
      if (performance.now() - started > deadline) break;
    }
  } else if (scenario === 'add-batched') {
    const report = await admin.addCustomerUsers({ channelPublicId: CHANNEL, fileId, userType: 'app', users: records, schema: SCHEMA });
    done = report.requested;
    failed = report.failed;
  } else if (scenario === 'add-naive') {
    for (const user of records) {
      try {
        const report = await admin.addCustomerUsers({ channelPublicId: CHANNEL, fileId, userType: 'app', users: [user], schema: SCHEMA });
        failed += report.failed;
      } catch {
        failed++;
      }
      done++;
      if (performance.now() - started > deadline) break;
    }
  } else {
    throw new Error(`unknown scenario ${scenario}`);
  }

  const wallMs = performance.now() - started;
  const peak = memory.stop();
  const stats = await fakeJson(api, '/__fake/stats');
  let stored = null;
  if (fileId !== null) {
    const files = await fakeJson(api, `/__fake/customer-files?channel_public_id=${CHANNEL}`);
    stored = files.find((f) => f.file_id === fileId)?.users.length ?? null;
  }
  return {
    scenario,
    users: done,
    failed,
    wallMs: Math.round(wallMs),
    usersPerSecond: Math.round(done / (wallMs / 1000)),
    requests: stats.total,
    requestsByPath: stats.requests,
    peakRssBytes: peak.rss,
    peakHeapUsedBytes: peak.heapUsed,
    baseRssBytes: base.rss,
    baseHeapUsedBytes: base.heapUsed,
    ...(stored !== null ? { usersStoredByFake: stored } : {}),
  };
}

// ---- orchestrator ------------------------------------------------------------------------------------

/** Runs a command whose stdout's line `prefix…` is awaited; returns { child, line }. */
function spawnAndWait(args, prefix) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      const line = buf.split('\n').find((l) => l.startsWith(prefix));
      if (line) resolve({ child, line: line.slice(prefix.length) });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before printing ${prefix}`)));
  });
}

function runWorker(scenario, api, extra) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--worker', scenario, '--api', api, ...extra], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)));
      else reject(new Error(`scenario ${scenario} failed (exit ${code})`));
    });
  });
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const num = (n) => Number(n).toLocaleString('en-US');
const duration = (s) => (s < 120 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`);
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function orchestrate() {
  const users = positive('users');
  const naiveUsers = opts['naive-users'] === undefined ? undefined : positive('naive-users');
  const naiveSeconds = positive('naive-seconds');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  try {
    const server = readFileSync(join(root, 'dist', 'server.js'), 'utf8');
    if (!server.includes('KakaoChannelAdmin')) throw new Error();
  } catch {
    console.error('dist/server.js has no KakaoChannelAdmin: run `npm run build` first.');
    process.exit(2);
  }

  const { child: fake, line: api } = await spawnAndWait([join(root, 'tests', 'fake-kakao', 'server.mjs'), '--port', '0'], 'FAKE_KAKAO_URL=');
  fake.removeAllListeners('exit');
  const extra = ['--users', String(users), ...(naiveUsers ? ['--naive-users', String(naiveUsers)] : [])];
  let budget = naiveSeconds;
  const machine = { platform: platform(), release: release(), arch: arch(), cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, totalMemoryBytes: totalmem() };
  console.log(`kakao-channel ${pkg.version} server bench: ${num(users)} users, node ${process.version}, ${machine.cpu} × ${machine.cpus}, ${platform()} ${arch()}`);
  console.log(`fake Kakao at ${api} (own process); each scenario in a fresh process; SDK defaults (concurrency 4, chunks of 200, batches of 2,000)\n`);

  const results = [];
  try {
    for (const scenario of ['rel-batched', 'rel-naive', 'add-batched', 'add-naive']) {
      let seconds = budget;
      if (scenario === 'rel-naive') seconds = Math.min(150, naiveSeconds * 0.625);
      if (scenario === 'add-naive') seconds = Math.max(naiveSeconds * 0.375, budget);
      seconds = Math.ceil(seconds);
      process.stdout.write(`  running ${scenario}${scenario.endsWith('naive') && !naiveUsers ? ` (at most ${seconds} s)` : ''}…`);
      const r = await runWorker(scenario, api, [...extra, '--naive-seconds', String(seconds)]);
      if (scenario === 'rel-naive') budget -= r.wallMs / 1000;
      process.stdout.write(` ${secs(r.wallMs)}\n`);
      results.push(r);
    }
  } finally {
    fake.kill('SIGTERM');
  }

  const label = {
    'rel-batched': ['relationships', 'checkRelationships (chunks of 200)'],
    'rel-naive': ['relationships', 'naive: await checkRelationship per user'],
    'add-batched': ['customer file', 'addCustomerUsers (batches of 2,000)'],
    'add-naive': ['customer file', 'naive: addCustomerUsers per user'],
  };
  const rows = [['task', 'method', 'users', 'wall', 'users/s', 'requests', 'peak RSS', 'peak heap', 'failed']];
  for (const r of results) {
    const sampled = r.users < users;
    rows.push([...label[r.scenario], `${num(r.users)}${sampled ? ' *' : ''}`, secs(r.wallMs), num(r.usersPerSecond), num(r.requests), mb(r.peakRssBytes), mb(r.peakHeapUsedBytes), num(r.failed)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  console.log('');
  for (const [k, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
    if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  const notes = [];
  const byName = Object.fromEntries(results.map((r) => [r.scenario, r]));
  for (const [naive, batched, what] of [['rel-naive', 'rel-batched', 'relationships'], ['add-naive', 'add-batched', 'customer upload']]) {
    const n = byName[naive];
    const b = byName[batched];
    if (n.users < users) {
      notes.push(`* the naive ${what} loop was measured on ${num(n.users)} users, not ${num(users)} (all would take about ${duration(users / n.usersPerSecond)}); its users/s is comparable, its wall time is for the sample.`);
    }
    notes.push(`${what}: batched is ${(b.usersPerSecond / n.usersPerSecond).toFixed(0)}× faster in users/s and makes ${(n.requests / n.users / (b.requests / b.users)).toFixed(0)}× fewer requests per user.`);
  }
  const added = byName['add-batched'];
  if (added.usersStoredByFake !== undefined) notes.push(`the fake holds ${num(added.usersStoredByFake)} users in the batched upload's file.`);
  if (results.some((r) => r.failed)) notes.push('WARNING: some users failed; the numbers above include failures.');
  console.log(`\n${notes.join('\n')}`);

  const output = {
    date: new Date().toISOString(),
    node: process.version,
    package: `${pkg.name}@${pkg.version}`,
    machine,
    users,
    naive: naiveUsers ? { users: naiveUsers } : { seconds: naiveSeconds },
    sdkDefaults: { concurrency: 4, chunkSize: 200, batchSize: 2000 },
    results,
  };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(output, null, 2)}\n`);
  const shown = relative(process.cwd(), opts.out);
  console.log(`\nwrote ${shown.startsWith('..') ? opts.out : shown}`);
}

if (opts.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 17).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
} else if (opts.worker) {
  const r = await worker(opts.worker, opts.api, positive('users'), opts['naive-users'] === undefined ? undefined : positive('naive-users'), positive('naive-seconds'));
  console.log(`RESULT ${JSON.stringify(r)}`);
} else {
  await orchestrate();
}
