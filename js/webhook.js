// Webhook receivers of the server entry: the HTTP shells around Rust's verifyWebhook (which checks
// the key in constant time and parses the event), for the Fetch API (webhookHandler) and for Node's
// http / Express / connect (webhookMiddleware), with de-duplication stores that several server
// instances can share (memoryDedupe in one process, redisDedupe across processes).
//
// One delivery, in order: 405 (not POST) → 413 (above maxBodyBytes; the rest is not read) → 401 /
// 400 (verifyWebhook) → claim X-Kakao-Resource-ID (store failed or too slow: 503, onEvent not
// called; already claimed: 200, onEvent not called) → onEvent, answered 200 when it settles or
// ackWithinMs after the request arrived, whichever comes first; a failure before the answer is a
// 500 and releases the claim (the redelivery is processed); a failure after it goes to onError.
import { KakaoChannelError, isKakaoChannelError } from './errors.js';
import { verifyWebhook } from './server.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULTS = { dedupeTtlMs: DAY_MS, ackWithinMs: 2000, maxBodyBytes: 1024 * 1024, memoryMax: 100_000, redisTimeoutMs: 1000 };
const REDIS_PREFIX = 'kakao-channel:webhook:';
const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };

const invalid = (message) => new KakaoChannelError('INVALID_ARGUMENT', message);

/** A whole number in [min, max], `fallback` when undefined; else INVALID_ARGUMENT naming `name`. */
function count(value, name, fallback, min, max = Number.MAX_SAFE_INTEGER) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, not ${typeof value === 'string' ? JSON.stringify(value) : String(value)}.`);
  }
  return value;
}

function objectOptions(options, what) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') throw invalid(`${what} takes an options object.`);
  return options;
}

// ---- stores -----------------------------------------------------------------------------------------

/**
 * A de-duplication store in this process's memory: remembers each claimed resource ID for the
 * claim's `ttlMs`, and at most `max` of them (default 100,000), forgetting the oldest when full.
 * Enough for one server process; several instances need a shared store (`redisDedupe`).
 * @param {{ max?: number }} [options]
 * @returns {import('./server.js').WebhookDedupe}
 */
export function memoryDedupe(options) {
  const { max: rawMax } = objectOptions(options, 'memoryDedupe()');
  const max = count(rawMax, 'memoryDedupe max', DEFAULTS.memoryMax, 1);
  /** resource ID → expiry (ms since the epoch), oldest claim first. */
  const claims = new Map();
  return {
    async claim(resourceId, ttlMs) {
      const now = Date.now();
      // Expired claims at the front go first (claims of one receiver share one TTL, so the front
      // is the oldest); a live one stops the sweep.
      for (const [id, expires] of claims) {
        if (expires > now) break;
        claims.delete(id);
      }
      const expires = claims.get(resourceId);
      if (expires !== undefined && expires > now) return false;
      claims.delete(resourceId);
      claims.set(resourceId, now + ttlMs);
      while (claims.size > max) claims.delete(claims.keys().next().value);
      return true;
    },
    async release(resourceId) {
      claims.delete(resourceId);
    },
  };
}

/** `promise`, or a TIMEOUT rejection after `ms`. */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new KakaoChannelError('TIMEOUT', `${what} did not answer within ${ms} ms. Check that the store is up and reachable; until then deliveries are answered 503, so Kakao can send them again.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The command runner for a Redis client: node-redis v4+ (`sendCommand([...])`) or ioredis
 * (`call(name, ...args)`).
 */
function redisRunner(client) {
  if (client === null || (typeof client !== 'object' && typeof client !== 'function')) {
    throw invalid('redisDedupe(client) takes a connected node-redis (v4 or later) or ioredis client, e.g. redisDedupe(createClient({ url }))');
  }
  // ioredis: call(command, ...args) and a `status`; node-redis: sendCommand(args).
  if (typeof client.call === 'function' && 'status' in client) return (args) => client.call(...args);
  if (typeof client.sendCommand === 'function') return (args) => client.sendCommand(args);
  throw invalid('redisDedupe(client) takes a node-redis (v4 or later) or ioredis client: this one has neither sendCommand() nor call().');
}

/**
 * A de-duplication store in Redis, shared by every server instance that uses the same Redis and
 * `prefix` (default `kakao-channel:webhook:`). A claim is `SET {prefix}{id} 1 NX PX ttlMs`, a
 * release `DEL {prefix}{id}`. Works with a node-redis (v4+) or ioredis client, connected by you.
 * A command that fails, or gets no answer within `timeoutMs` (default 1,000), rejects with a
 * `KakaoChannelError` (`NETWORK`, the client's error as `cause`; or `TIMEOUT`): the receiver then
 * answers 503 and does not call `onEvent`.
 * @param {unknown} client a node-redis v4+ or ioredis client
 * @param {{ prefix?: string, timeoutMs?: number }} [options]
 * @returns {import('./server.js').WebhookDedupe}
 */
export function redisDedupe(client, options) {
  const run = redisRunner(client);
  const { prefix = REDIS_PREFIX, timeoutMs: rawTimeout } = objectOptions(options, 'redisDedupe(client, options)');
  if (typeof prefix !== 'string') throw invalid('redisDedupe prefix must be a string, e.g. "kakao-channel:webhook:".');
  const timeoutMs = count(rawTimeout, 'redisDedupe timeoutMs', DEFAULTS.redisTimeoutMs, 1, 60_000);
  const command = async (args) => {
    try {
      return await within(Promise.resolve().then(() => run(args)), timeoutMs, `Redis (${args[0]} for the webhook claim)`);
    } catch (err) {
      if (isKakaoChannelError(err)) throw err;
      throw new KakaoChannelError('NETWORK', `Redis failed the webhook claim's ${args[0]}: ${err?.message ?? err}. Check the Redis server and the client's connection; until then deliveries are answered 503, so Kakao can send them again.`, { cause: err });
    }
  };
  return {
    async claim(resourceId, ttlMs) {
      const answer = await command(['SET', `${prefix}${resourceId}`, '1', 'NX', 'PX', String(ttlMs)]);
      if (answer === null || answer === undefined) return false;
      if (answer === 'OK' || (answer instanceof Uint8Array && new TextDecoder().decode(answer) === 'OK')) return true;
      throw new KakaoChannelError('INVALID_RESPONSE', `Redis answered SET … NX PX with ${JSON.stringify(String(answer))}, not OK or nil: is this a Redis server (2.6.12 or later)?`);
    },
    async release(resourceId) {
      await command(['DEL', `${prefix}${resourceId}`]);
    },
  };
}

// ---- the receiver, shared by both shells -----------------------------------------------------------

/** Validated `WebhookOptions`. */
function receiverOptions(options, what) {
  if (options === null || typeof options !== 'object') throw invalid(`${what} takes { adminKey, onEvent, … }.`);
  const { adminKey, onEvent, onError, dedupe } = options;
  if (typeof adminKey !== 'string' || adminKey.trim() === '') throw invalid(`${what}: adminKey is required (the app's admin key, from the environment).`);
  if (typeof onEvent !== 'function') throw invalid(`${what}: onEvent must be a function (event) => void | Promise<void>.`);
  if (onError !== undefined && typeof onError !== 'function') throw invalid(`${what}: onError must be a function (error, event?) => void.`);
  if (dedupe !== undefined && (dedupe === null || typeof dedupe.claim !== 'function' || typeof dedupe.release !== 'function')) {
    throw invalid(`${what}: dedupe must be a store with claim() and release(), e.g. memoryDedupe() or redisDedupe(client).`);
  }
  // The key's form is checked now (by verifyWebhook's own rule), not on the first delivery: an
  // unsigned probe fails with WEBHOOK_UNAUTHORIZED once the key itself passed.
  try {
    verifyWebhook({ headers: {}, body: '' }, { adminKey });
  } catch (err) {
    if (!isKakaoChannelError(err) || err.code !== 'WEBHOOK_UNAUTHORIZED') throw err;
  }
  return {
    adminKey,
    onEvent,
    onError: onError ?? ((error, event) => console.error(`kakao-channel webhook${event?.resourceId ? ` ${event.resourceId}` : ''}:`, error)),
    dedupe: dedupe ?? memoryDedupe(),
    dedupeTtlMs: count(options.dedupeTtlMs, `${what}: dedupeTtlMs`, DEFAULTS.dedupeTtlMs, 1),
    ackWithinMs: count(options.ackWithinMs, `${what}: ackWithinMs`, DEFAULTS.ackWithinMs, 0, 60_000),
    maxBodyBytes: count(options.maxBodyBytes, `${what}: maxBodyBytes`, DEFAULTS.maxBodyBytes, 1, 2 ** 31 - 1),
  };
}

/** An answer: status, JSON body, extra headers. */
const answer = (status, body, headers = {}) => ({ status, body: JSON.stringify(body), headers: { ...JSON_TYPE, ...headers } });
const TOO_LARGE = (max) => answer(413, { error: 'PAYLOAD_TOO_LARGE', maxBodyBytes: max }, { Connection: 'close' });

/** Calls onError, which must never break the receiver. */
function report(config, error, event) {
  try {
    config.onError(error, event);
  } catch {
    // an onError that throws has nobody left to tell
  }
}

/**
 * One verified-or-refused delivery, after the method and size checks: verify, claim, run onEvent.
 * @returns {Promise<{ status: number, body: string, headers: Record<string, string> }>}
 */
async function deliver(config, headers, body, arrived) {
  /** Time left until the answer is due: ackWithinMs after the request arrived. */
  const left = () => Math.max(0, Math.round(arrived + config.ackWithinMs - performance.now()));
  let event;
  try {
    event = verifyWebhook({ headers, body }, { adminKey: config.adminKey });
  } catch (err) {
    const code = isKakaoChannelError(err) ? err.code : 'INVALID_WEBHOOK';
    return answer(code === 'WEBHOOK_UNAUTHORIZED' ? 401 : 400, { error: code });
  }
  const resourceId = event.resourceId;
  if (resourceId) {
    let claimed;
    try {
      claimed = await within(Promise.resolve().then(() => config.dedupe.claim(resourceId, config.dedupeTtlMs)), Math.max(left(), 1), 'The webhook dedupe store');
    } catch (err) {
      report(config, err, event);
      return answer(503, { error: 'DEDUPE_STORE_UNAVAILABLE' }, { 'Retry-After': '1' });
    }
    if (claimed !== true) return answer(200, { ok: true, duplicate: true });
  }
  const run = new Promise((resolve) => resolve(config.onEvent(event)));
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, left(), 'late');
  });
  let outcome;
  try {
    outcome = await Promise.race([run.then(() => 'done'), late]);
  } catch {
    outcome = 'failed';
  } finally {
    clearTimeout(timer);
  }
  if (outcome === 'late') {
    // Answered before onEvent settled: a failure from now on has only onError to go to.
    run.catch((err) => report(config, err, event));
    return answer(200, { ok: true });
  }
  if (outcome === 'failed') {
    if (resourceId) {
      try {
        await within(Promise.resolve().then(() => config.dedupe.release(resourceId)), Math.max(left(), 250), 'The webhook dedupe store');
      } catch (err) {
        report(config, err, event);
      }
    }
    return answer(500, { error: 'ON_EVENT_FAILED' });
  }
  return answer(200, { ok: true });
}

/** A Content-Length header above `max` (413 without reading), or false. */
function declaredTooLarge(value, max) {
  if (value === undefined || value === null) return false;
  const n = Number(String(value).trim());
  return Number.isFinite(n) && n > max;
}

// ---- Fetch API ------------------------------------------------------------------------------------

/** The body as bytes, or null once it exceeds `max` (reading stops there). */
async function readFetchBody(request, max) {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.cancel().catch(() => {});
      return null;
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
}

/**
 * A Kakao Talk Channel webhook receiver for the Fetch API (Next.js route handlers, Hono, Deno, Bun,
 * Cloudflare-style runtimes): `(request: Request) => Promise<Response>`. Verifies each delivery
 * with `verifyWebhook`, drops repeats by `X-Kakao-Resource-ID` (`dedupe`, default
 * `memoryDedupe()`), calls `onEvent` and answers Kakao within `ackWithinMs`.
 * @param {import('./server.js').WebhookOptions} options
 * @returns {(request: Request) => Promise<Response>}
 * @throws {KakaoChannelError} `INVALID_ARGUMENT` for bad options.
 */
export function webhookHandler(options) {
  const config = receiverOptions(options, 'webhookHandler()');
  const respond = ({ status, body, headers }) => new Response(body, { status, headers });
  return async function kakaoWebhook(request) {
    const arrived = performance.now();
    try {
      if (request.method !== 'POST') {
        request.body?.cancel().catch(() => {});
        return respond(answer(405, { error: 'METHOD_NOT_ALLOWED' }, { Allow: 'POST' }));
      }
      if (declaredTooLarge(request.headers.get('content-length'), config.maxBodyBytes)) {
        request.body?.cancel().catch(() => {});
        return respond(TOO_LARGE(config.maxBodyBytes));
      }
      let body;
      try {
        body = await readFetchBody(request, config.maxBodyBytes);
      } catch {
        return respond(answer(400, { error: 'INVALID_WEBHOOK' })); // the body could not be read
      }
      if (body === null) return respond(TOO_LARGE(config.maxBodyBytes));
      return respond(await deliver(config, request.headers, body, arrived));
    } catch (err) {
      report(config, err);
      return respond(answer(500, { error: 'INTERNAL' }));
    }
  };
}

// ---- Node http / Express / connect -------------------------------------------------------------------

/**
 * The request body as bytes, or null once it exceeds `max` (then nothing more is kept), or
 * undefined when the client went away.
 */
function readNodeBody(req, max) {
  return new Promise((resolve) => {
    const parts = [];
    let size = 0;
    const done = (value) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('close', onClose);
      resolve(value);
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > max) done(null);
      else parts.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(parts, size));
    const onFail = () => done(undefined);
    const onClose = () => {
      if (!req.readableEnded) done(undefined);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onFail);
    req.on('close', onClose);
  });
}

/** Writes an answer; a request whose rest was not read is cut off once the answer is out. */
function send(req, res, { status, body, headers }, { unread = false } = {}) {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
  if (unread) {
    // The rest of the body is dropped as it arrives (never kept), and a client still sending a
    // second after the answer is cut off.
    req.resume();
    const cut = setTimeout(() => req.socket?.destroy(), 1000);
    cut.unref?.();
    req.once('end', () => clearTimeout(cut));
  }
}

/**
 * A Kakao Talk Channel webhook receiver for Node's `http` server, Express and connect:
 * `(req, res, next?) => void`. Same checks and answers as `webhookHandler`; it reads the raw body
 * itself (mount it before any body parser, or give it `express.raw()`'s Buffer), always ends the
 * response itself and never calls `next`.
 * @param {import('./server.js').WebhookOptions} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next?: (err?: unknown) => void) => void}
 * @throws {KakaoChannelError} `INVALID_ARGUMENT` for bad options.
 */
export function webhookMiddleware(options) {
  const config = receiverOptions(options, 'webhookMiddleware()');
  return function kakaoWebhookMiddleware(req, res) {
    const arrived = performance.now();
    (async () => {
      if (req.method !== 'POST') return send(req, res, answer(405, { error: 'METHOD_NOT_ALLOWED' }, { Allow: 'POST' }), { unread: !req.readableEnded });
      const parsed = req.body;
      let body;
      if (typeof parsed === 'string' || parsed instanceof Uint8Array) {
        // A body parser (express.raw(), express.text()) read it already.
        if (Buffer.byteLength(parsed) > config.maxBodyBytes) return send(req, res, TOO_LARGE(config.maxBodyBytes));
        body = parsed;
      } else if (req.readableEnded) {
        report(config, invalid('webhookMiddleware() found the request body already read and parsed: mount it before express.json() (or any body parser), or behind express.raw({ type: "*/*" }).'));
        return send(req, res, answer(500, { error: 'BODY_ALREADY_PARSED' }));
      } else {
        if (declaredTooLarge(req.headers['content-length'], config.maxBodyBytes)) return send(req, res, TOO_LARGE(config.maxBodyBytes), { unread: true });
        body = await readNodeBody(req, config.maxBodyBytes);
        if (body === undefined) return send(req, res, answer(400, { error: 'INVALID_WEBHOOK' })); // the client went away mid-body
        if (body === null) return send(req, res, TOO_LARGE(config.maxBodyBytes), { unread: true });
      }
      return send(req, res, await deliver(config, req.headers, body, arrived));
    })().catch((err) => {
      report(config, err);
      send(req, res, answer(500, { error: 'INTERNAL' }));
    });
  };
}
