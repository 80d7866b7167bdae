// Small HTTP helpers shared by every route module: body reading with a size cap, JSON / text /
// HTML answers, form parsing, HTML escaping and the timestamp format Kakao uses.

export const MAX_BODY_BYTES = 1024 * 1024; // bodies above 1 MB are answered 413
export const CUSTOMER_FILE_MAX_BODY_BYTES = 8 * 1024 * 1024; // /v1/talkchannel/* (2,000-user batches): 8 MB
export const LOG_BODY_BYTES = 4 * 1024; // at most 4 KB of a body goes into the request log

/** Error thrown by readBody() when the body exceeds the cap. */
export class BodyTooLargeError extends Error {
  constructor(limit) {
    super(`request body exceeds ${limit} bytes`);
    this.code = 'BODY_TOO_LARGE';
  }
}

/**
 * Reads the request body as UTF-8 text. Rejects with BodyTooLargeError as soon as more than
 * `limit` bytes arrived; the rest of the body is then drained (up to 16x the limit) so that
 * the client can read our 413 instead of seeing a reset.
 */
export function readBody(req, limit = MAX_BODY_BYTES) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (tooLarge) {
        if (size > limit * 16) req.destroy();
        return;
      }
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      if (!tooLarge) reject(err);
    });
  });
}

/** The body cap of a path: 8 MB for the customer-file APIs (/v1/talkchannel/…), else 1 MB. */
export function bodyLimitFor(path) {
  return path.startsWith('/v1/talkchannel/') ? CUSTOMER_FILE_MAX_BODY_BYTES : MAX_BODY_BYTES;
}

/** Parses req.url safely (a leading "//" must not be read as a host). Throws on garbage. */
export function parseRequestUrl(rawUrl) {
  const safe = String(rawUrl || '/').replace(/^\/{2,}/, '/');
  return new URL(safe, 'http://127.0.0.1');
}

/** URLSearchParams → plain object; a repeated name becomes an array of its values. */
export function paramsToObject(params) {
  const out = {};
  for (const [key, value] of params) {
    if (Object.hasOwn(out, key)) {
      out[key] = Array.isArray(out[key]) ? [...out[key], value] : [out[key], value];
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Writes a complete answer unless the socket is already gone (client aborted, reset fault). */
export function send(res, status, headers, body = '') {
  if (res.destroyed || res.writableEnded || res.headersSent) return;
  res.writeHead(status, headers);
  res.end(body);
}

export function sendJson(res, status, value, headers = {}, contentType = 'application/json;charset=UTF-8') {
  send(res, status, { 'Content-Type': contentType, ...headers }, JSON.stringify(value));
}

export function sendText(res, status, text, headers = {}) {
  send(res, status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, text);
}

/** HTML pages are never cached (tests re-render them with different state). */
export function sendHtml(res, status, html, headers = {}) {
  send(res, status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers }, html);
}

/** Parses a JSON body of a control call. Empty body → {}. Throws a message-bearing Error. */
export function parseJsonBody(body) {
  if (body == null || body.trim() === '') return {};
  const value = JSON.parse(body);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('body must be a JSON object');
  }
  return value;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value) {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON that is safe to place inside <script type="application/json">…</script>. */
export function jsonForScript(value) {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** RFC 3339 UTC without milliseconds, like Kakao's `updated_at` ("2019-05-10T08:06:53Z"). */
export function isoNow(date = new Date()) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Echoes the requested preflight headers (Access-Control-Request-Headers) that are in `allowed`
 * (case-insensitive), keeping the requester's spelling. Unlisted headers are dropped, so the
 * browser fails the preflight for them — what a real CORS filter does.
 */
export function allowedRequestHeaders(requested, allowed) {
  const allow = new Set(allowed.map((h) => h.toLowerCase()));
  return String(requested || '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h && allow.has(h.toLowerCase()));
}

/** Sleeps `ms`, resolving early (with false) when `signal` aborts (server closing). */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
