#!/usr/bin/env node
// Fake Kakao: one loopback HTTP server playing kapi (api), kauth (auth), pf.kakao.com (pf) and
// apps.kakao.com (apps) at once. Paths do not collide (channel ids start with "_").
// Library:  const fake = await startFakeKakao({ port: 0, fixture, origins: [...] }); … await fake.close();
// CLI:      node tests/fake-kakao/server.mjs [--port N] [--fixture path] [--origin URL ...] [--verbose]
// See README.md for the fixture format, the endpoints, the control API and the fault modes.

import http from 'node:http';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { LOG_BODY_BYTES, bodyLimitFor, paramsToObject, parseRequestUrl, readBody, sendText } from './http-util.mjs';
import { Router } from './router.mjs';
import { createState } from './state.mjs';
import { applyFault, pickFault } from './faults.mjs';
import * as relationship from './routes/relationship.mjs';
import * as multi from './routes/multi.mjs';
import * as customerFiles from './routes/customer-files.mjs';
import * as validate from './routes/validate.mjs';
import * as auth from './routes/auth.mjs';
import * as bridge from './routes/bridge.mjs';
import * as follow from './routes/follow.mjs';
import * as assets from './routes/assets.mjs';
import * as control from './routes/control.mjs';

const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createRouter() {
  const router = new Router();
  // Order matters only for overlapping patterns: bridge (with /__fake/no-content/) before control.
  for (const area of [relationship, multi, customerFiles, validate, auth, bridge, follow, assets, control]) area.register(router);
  return router;
}

/** The access token a request carries: `Authorization: Bearer …`, or a form `access_token`. */
function tokenOf(req, body) {
  const m = /^Bearer\s+(\S+)/i.exec(String(req.headers.authorization ?? ''));
  if (m) return m[1];
  if (body && /application\/x-www-form-urlencoded/i.test(String(req.headers['content-type'] ?? ''))) {
    return new URLSearchParams(body).get('access_token');
  }
  return null;
}

function truncateForLog(body) {
  const buf = Buffer.from(body, 'utf8');
  return buf.length <= LOG_BODY_BYTES ? body : buf.subarray(0, LOG_BODY_BYTES).toString('utf8');
}

export async function startFakeKakao({ port = 0, fixture, origins = [], quiet = true } = {}) {
  const state = createState({ fixture, origins });
  const router = createRouter();
  const closing = new AbortController();
  const sockets = new Set();
  const say = quiet ? () => {} : (line) => process.stderr.write(`[fake-kakao] ${line}\n`);

  async function handle(req, res) {
    const started = Date.now();
    const method = String(req.method).toUpperCase();
    let url;
    try {
      url = parseRequestUrl(req.url);
    } catch {
      return sendText(res, 400, 'bad request URL');
    }
    const path = url.pathname;
    const isControl = control.CONTROL_PREFIX.test(path);
    const ctx = {
      req,
      res,
      method,
      url,
      path,
      query: url.searchParams,
      origin: req.headers.origin ?? null,
      preflight: method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined,
      state,
      body: null,
      params: [],
      fault: null,
      tokenValue: null,
      signal: closing.signal,
    };
    res.on('close', () => say(`${method} ${req.url} → ${res.headersSent ? res.statusCode : 'no answer'} (${Date.now() - started} ms)`));

    let tooLarge = false;
    const bodyLimit = bodyLimitFor(path);
    if (!BODYLESS_METHODS.has(method)) {
      try {
        ctx.body = await readBody(req, bodyLimit);
      } catch (err) {
        if (err.code !== 'BODY_TOO_LARGE') return; // client went away mid-body
        tooLarge = true;
      }
    }
    ctx.tokenValue = tokenOf(req, ctx.body);

    // Log before answering, so tests see exactly what arrived — including faulted requests.
    if (!isControl) {
      state.enter();
      res.on('close', state.leave);
      state.record({
        time: new Date().toISOString(),
        method,
        path,
        url: req.url,
        query: paramsToObject(url.searchParams),
        headers: { ...req.headers },
        origin: ctx.origin,
        ka: req.headers.ka ?? null,
        preflight: ctx.preflight,
        body: ctx.body === null ? null : truncateForLog(ctx.body),
        ...(tooLarge ? { bodyTooLarge: true } : {}),
      });
    }

    const match = router.match(method, path);
    const corsOf = match?.route?.cors ?? match?.cors ?? router.corsFor(path);
    const cors = corsOf ? corsOf(ctx) : {};
    if (tooLarge) {
      return sendText(res, 413, `payload too large (max ${bodyLimit / (1024 * 1024)} MB)`, { Connection: 'close', ...cors });
    }

    if (!isControl && method !== 'OPTIONS') {
      const fault = pickFault(ctx);
      if (fault && (await applyFault(ctx, fault, cors))) return;
    }

    if (!match) return sendText(res, 404, 'not found');
    if (!match.route) return sendText(res, 405, 'method not allowed', { Allow: match.allowed.join(', '), ...cors });
    ctx.params = match.params;
    await match.route.handler(ctx);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      say(`handler error: ${err?.stack ?? err}`);
      sendText(res, 500, 'fake-kakao internal error');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (err, socket) => {
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;

  let closed = null;
  function close() {
    closed ??= new Promise((resolve) => {
      closing.abort(); // ends pending delay faults
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy(); // keep-alive and hanging requests
      server.closeAllConnections?.();
    });
    return closed;
  }

  return { url: `http://127.0.0.1:${actualPort}`, port: actualPort, close, state, server };
}

// ---- CLI --------------------------------------------------------------------------------------

const USAGE = `usage: node tests/fake-kakao/server.mjs [--port N] [--fixture path] [--origin URL ...] [--verbose]
  --port N         port on 127.0.0.1 (default 0 = any free port)
  --fixture path   fixture JSON (default tests/fake-kakao/fixture.json)
  --origin URL     origin registered for every app (repeatable), e.g. http://127.0.0.1:8000
  --verbose        log each request to stderr
Prints one line "FAKE_KAKAO_URL=http://127.0.0.1:<port>" on stdout once listening.`;

async function main(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '0' },
        fixture: { type: 'string' },
        origin: { type: 'string', multiple: true, default: [] },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`${err.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`invalid --port ${values.port}\n${USAGE}\n`);
    process.exit(2);
  }
  let fake;
  try {
    fake = await startFakeKakao({ port, fixture: values.fixture, origins: values.origin, quiet: !values.verbose });
  } catch (err) {
    process.stderr.write(`fake-kakao: ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`FAKE_KAKAO_URL=${fake.url}\n`);
  const shutdown = async () => {
    await fake.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) main(process.argv.slice(2));
