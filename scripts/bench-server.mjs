#!/usr/bin/env node
// Benchmark of kakao-channel/server against the fake Kakao server (a benchmark, not a test: the
// test command never runs it). Needs `npm run build` first.
//
//   npm run bench:server [-- --users N] [-- --stream-users N] [-- --naive-users N] [-- --naive-seconds S]
//                        [-- --deliveries N] [-- --out FILE]      (about 6–7 minutes with the defaults)
//
// Measures, each in a fresh Node process so memory figures are the SDK's alone (the fake runs
// in its own process):
//   (a) relationships of N users: checkRelationships (chunks of 200, concurrent) vs a naive loop
//       awaiting checkRelationship once per user;
//   (b) uploading N users to a customer file: addCustomerUsers (batches of 2,000) vs a naive loop
//       of one addCustomerUsers call per user;
//   (c) the stream: admin.relationships over N and over --stream-users (1,000,000) users read lazily
//       from a generator, and the CLI (`kakao-channel relationship`, its own process, peak RSS read
//       from /proc) over a file of --stream-users IDs; the stream's peak RSS for 1,000,000 users
//       must stay within 1.5× its peak for N (bounded memory), and is shown beside checkRelationships';
//   (d) webhook deliveries per second through webhookMiddleware (Node http) and webhookHandler
//       (Fetch, behind Node http), each with memoryDedupe and with redisDedupe (a redis-server
//       started for the bench), --deliveries of them, 16 at a time, one connection each as Kakao
//       sends them (sender and receiver in one process).
// For each: wall time, users/s, requests the fake received (GET /__fake/stats), peak RSS and heap
// (sampled every 50 ms). The naive loops share a time budget (--naive-seconds, default 240: the
// first gets up to 150 s, the second what is left, at least 90 s) unless --naive-users is given;
// a loop that runs out of time stops, and the table says on how many users it was measured.
// Writes a table to stdout and the numbers to bench/server-results.json.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { cpus, totalmem, platform, arch, release, tmpdir } from 'node:os';
import { createWriteStream, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    'stream-users': { type: 'string', default: '1000000' },
    deliveries: { type: 'string', default: '3000' },
    'naive-users': { type: 'string' },
    'naive-seconds': { type: 'string', default: '240' },
    out: { type: 'string', default: join(root, 'bench', 'server-results.json') },
    // internal: one scenario in this process
    worker: { type: 'string' },
    api: { type: 'string' },
    redis: { type: 'string' },
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
  const ids = scenario.startsWith('rel-stream') || scenario.startsWith('hook-') ? [] : userIds(limit);
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

  if (scenario === 'rel-stream' || scenario === 'rel-stream-big') {
    const n = scenario === 'rel-stream' ? users : positive('stream-users');
    // Generated lazily: the source holds nothing, so the memory measured is the stream's.
    function* lazyIds() {
      for (let i = 0; i < n; i++) yield String(7_000_000_000 + i);
    }
    for await (const r of admin.relationships({ userIds: lazyIds() })) {
      done++;
      if (r.error) failed++;
    }
  } else if (scenario === 'rel-batched') {
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

// ---- webhook receivers: deliveries per second ------------------------------------------------------

/** A Fetch API handler served by Node's http (IncomingMessage → Request, Response → res). */
function serveFetch(handler) {
  return http.createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    const body = new ReadableStream({
      start(controller) {
        req.on('data', (chunk) => controller.enqueue(new Uint8Array(chunk)));
        req.on('end', () => controller.close());
        req.on('error', (err) => controller.error(err));
      },
      cancel() {
        req.removeAllListeners('data');
        req.resume();
      },
    });
    const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body, duplex: 'half' }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

async function hookWorker(scenario, redisUrl, deliveries) {
  const [, receiver, store] = scenario.split('-'); // hook-<middleware|handler>-<memory|redis>
  const server = await import('kakao-channel/server');
  const { sendWebhook } = await import('../tests/fake-kakao/webhook.mjs');
  let client = null;
  let dedupe;
  if (store === 'memory') {
    dedupe = server.memoryDedupe();
  } else {
    const { createClient } = await import('redis');
    client = createClient({ url: redisUrl });
    client.on('error', () => {});
    await client.connect();
    dedupe = server.redisDedupe(client, { prefix: `bench:${scenario}:${Date.now()}:` });
  }
  let processed = 0;
  const options = { adminKey: ADMIN_KEY, dedupe, onEvent: () => void processed++ };
  const receiverServer = receiver === 'middleware' ? http.createServer(server.webhookMiddleware(options)) : serveFetch(server.webhookHandler(options));
  await new Promise((resolve) => receiverServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${receiverServer.address().port}/kakao/webhook`;
  global.gc?.();
  const memory = memorySampler();
  const started = performance.now();
  const statuses = {};
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < deliveries) {
      const i = next++;
      const d = await sendWebhook({ url, event: { event: i % 2 ? 'blocked' : 'added', id: String(1_000_000 + i), channel_public_id: CHANNEL, channel_uuid: '@kakaochannel' } });
      statuses[d.status] = (statuses[d.status] ?? 0) + 1;
    }
  }));
  const wallMs = performance.now() - started;
  const peak = memory.stop();
  receiverServer.closeAllConnections();
  await new Promise((resolve) => receiverServer.close(resolve));
  await client?.disconnect();
  return { scenario, deliveries, processed, statuses, wallMs: Math.round(wallMs), deliveriesPerSecond: Math.round(deliveries / (wallMs / 1000)), peakRssBytes: peak.rss };
}

// ---- the CLI over a big file, in its own process -------------------------------------------------------

/** Peak RSS of a running process (Linux: VmHWM of /proc/<pid>/status), or null. */
function peakRssOf(pid) {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

async function cliRun(api, n) {
  const dir = mkdtempSync(join(tmpdir(), 'kakao-channel-bench-'));
  try {
    const path = join(dir, 'users.txt');
    const file = createWriteStream(path);
    for (let i = 0; i < n; i += 10_000) {
      let text = '';
      for (let k = i; k < Math.min(n, i + 10_000); k++) text += `${7_000_000_000 + k}\n`;
      if (!file.write(text)) await new Promise((resolve) => file.once('drain', resolve));
    }
    await new Promise((resolve) => file.end(resolve));
    await fakeJson(api, '/__fake/stats', 'DELETE');
    const devnull = openSync('/dev/null', 'w');
    const started = performance.now();
    const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'relationship', '--users', path, '--no-progress'], {
      cwd: root,
      env: { ...process.env, KAKAO_ADMIN_KEY: ADMIN_KEY, KAKAO_API_HOST: api },
      stdio: ['ignore', devnull, 'pipe'],
    });
    closeSync(devnull);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, peakRssOf(child.pid) ?? 0)), 50);
    const code = await new Promise((resolve) => child.on('exit', (c) => {
      peak = Math.max(peak, peakRssOf(child.pid) ?? 0);
      resolve(c);
    }));
    clearInterval(poll);
    const wallMs = performance.now() - started;
    const m = /([\d,]+) requested, ([\d,]+) succeeded, ([\d,]+) failed/.exec(stderr);
    if (code !== 0 || !m) throw new Error(`the CLI exited ${code}: ${stderr}`);
    const stats = await fakeJson(api, '/__fake/stats');
    const done = Number(m[1].replaceAll(',', ''));
    return { scenario: 'cli-stream', users: done, failed: Number(m[3].replaceAll(',', '')), wallMs: Math.round(wallMs), usersPerSecond: Math.round(done / (wallMs / 1000)), requests: stats.total, peakRssBytes: peak || null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
    const streamUsers = positive('stream-users');
    for (const scenario of ['rel-stream', 'rel-stream-big']) {
      process.stdout.write(`  running ${scenario} (${num(scenario === 'rel-stream' ? users : streamUsers)} users)…`);
      const r = await runWorker(scenario, api, [...extra, '--stream-users', String(streamUsers)]);
      process.stdout.write(` ${secs(r.wallMs)}\n`);
      results.push(r);
    }
    process.stdout.write(`  running the CLI over ${num(streamUsers)} users…`);
    const cli = await cliRun(api, streamUsers);
    process.stdout.write(` ${secs(cli.wallMs)}\n`);
    results.push(cli);
    const { startRedis } = await import('../tests/node/redis-server.mjs');
    const redis = await startRedis();
    try {
      for (const scenario of ['hook-middleware-memory', 'hook-middleware-redis', 'hook-handler-memory', 'hook-handler-redis']) {
        process.stdout.write(`  running ${scenario}…`);
        const r = await runWorker(scenario, api, ['--redis', redis.url, '--deliveries', opts.deliveries]);
        process.stdout.write(` ${secs(r.wallMs)}\n`);
        results.push(r);
      }
    } finally {
      await redis.stop();
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
  for (const r of results.filter((x) => label[x.scenario])) {
    const sampled = r.users < users;
    rows.push([...label[r.scenario], `${num(r.users)}${sampled ? ' *' : ''}`, secs(r.wallMs), num(r.usersPerSecond), num(r.requests), mb(r.peakRssBytes), mb(r.peakHeapUsedBytes), num(r.failed)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  console.log('');
  for (const [k, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
    if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  const byName = Object.fromEntries(results.map((r) => [r.scenario, r]));
  const table = (head, body) => {
    const all = [head, ...body];
    const w = head.map((_, c) => Math.max(...all.map((row) => row[c].length)));
    console.log('');
    for (const [k, row] of all.entries()) {
      console.log(row.map((cell, c) => (c >= 1 ? cell.padStart(w[c]) : cell.padEnd(w[c]))).join('  '));
      if (k === 0) console.log(w.map((n) => '-'.repeat(n)).join('  '));
    }
  };
  const streamRows = [
    ['checkRelationships (all results at once)', byName['rel-batched']],
    ['relationships (stream)', byName['rel-stream']],
    ['relationships (stream)', byName['rel-stream-big']],
    ['CLI relationship (file → /dev/null)', byName['cli-stream']],
  ];
  table(['method', 'users', 'wall', 'users/s', 'requests', 'peak RSS'], streamRows.map(([name, r]) => [name, num(r.users), secs(r.wallMs), num(r.usersPerSecond), num(r.requests), r.peakRssBytes ? mb(r.peakRssBytes) : 'n/a']));
  const hooks = results.filter((r) => r.scenario.startsWith('hook-'));
  table(['receiver', 'store', 'deliveries', 'wall', 'deliveries/s', 'processed', 'peak RSS'], hooks.map((r) => {
    const [, receiver, store] = r.scenario.split('-');
    return [receiver === 'middleware' ? 'webhookMiddleware (Node http)' : 'webhookHandler (Fetch over Node http)', store === 'memory' ? 'memoryDedupe' : 'redisDedupe (node-redis)', num(r.deliveries), secs(r.wallMs), num(r.deliveriesPerSecond), num(r.processed), mb(r.peakRssBytes)];
  }));
  const notes = [];
  const ratio = byName['rel-stream-big'].peakRssBytes / byName['rel-stream'].peakRssBytes;
  notes.push(`relationships: peak RSS for ${num(byName['rel-stream-big'].users)} users is ${ratio.toFixed(2)}× that for ${num(byName['rel-stream'].users)} (bound 1.5×: ${ratio <= 1.5 ? 'met' : 'NOT MET'}); ${(byName['rel-stream-big'].peakRssBytes / byName['rel-batched'].peakRssBytes).toFixed(2)}× checkRelationships' for ${num(byName['rel-batched'].users)}.`);
  for (const r of hooks) if (r.processed !== r.deliveries || r.statuses['200'] !== r.deliveries) notes.push(`WARNING: ${r.scenario}: ${JSON.stringify(r.statuses)}, ${r.processed} processed.`);
  for (const [naive, batched, what] of [['rel-naive', 'rel-batched', 'relationships'], ['add-naive', 'add-batched', 'customer upload']]) {
    if (!byName[naive]) continue;
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
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
  console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
} else if (opts.worker?.startsWith('hook-')) {
  const r = await hookWorker(opts.worker, opts.redis, positive('deliveries'));
  console.log(`RESULT ${JSON.stringify(r)}`);
} else if (opts.worker) {
  const r = await worker(opts.worker, opts.api, positive('users'), opts['naive-users'] === undefined ? undefined : positive('naive-users'), positive('naive-seconds'));
  console.log(`RESULT ${JSON.stringify(r)}`);
} else {
  await orchestrate();
}
