// Kakao Talk Channel webhook receiver: verify each delivery, answer 200 at once (Kakao allows
// 3 s), drop repeated deliveries by X-Kakao-Resource-ID, and process events after answering.
//   KAKAO_ADMIN_KEY=... PORT=8080 node examples/webhook-server.mjs
// Several instances? Keep `seen` in a shared store (Redis SET NX EX) and the queue in a durable one.
import http from 'node:http';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { verifyWebhook } from 'kakao-channel/server';

const MAX_BODY_BYTES = 10 * 1024 * 1024; // an event is < 1 KB; refuse anything huge
const SEEN_TTL_MS = 24 * 60 * 60 * 1000; // remember delivery IDs for a day…
const SEEN_MAX = 100_000; // …but never more than this many

export function createWebhookServer({ adminKey, onEvent }) {
  const seen = new Map(); // X-Kakao-Resource-ID → expiry time, oldest first
  const queue = [];
  let draining = false;

  function isNew(resourceId) {
    if (!resourceId) return true; // nothing to dedupe on
    const now = Date.now();
    for (const [id, expires] of seen) {
      if (expires > now && seen.size < SEEN_MAX) break;
      seen.delete(id);
    }
    if (seen.has(resourceId)) return false;
    seen.set(resourceId, now + SEEN_TTL_MS);
    return true;
  }

  async function drain() {
    if (draining) return;
    for (draining = true; queue.length; ) {
      const event = queue.shift();
      try {
        await onEvent(event);
      } catch (err) {
        console.error(`webhook ${event.resourceId}:`, err); // log and go on: one bad event must not stop the rest
      }
    }
    draining = false;
  }

  return http.createServer({ requestTimeout: 10_000 }, async (req, res) => {
    const reply = (status, body = {}, headers = {}) => res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
    if (req.method !== 'POST') return reply(405, { error: 'POST only' }, { Allow: 'POST' });
    const body = await new Promise((resolve) => {
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return resolve(null);
      const chunks = [];
      let size = 0;
      req.on('data', (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) resolve(null); // the rest is read and dropped
        else chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', () => resolve(undefined)); // the client went away
    });
    if (body === undefined) return;
    if (body === null) { req.resume(); return reply(413, { error: 'body too large' }); }
    let event;
    try {
      event = verifyWebhook({ headers: req.headers, body }, { adminKey });
    } catch (err) {
      if (err?.code === 'WEBHOOK_UNAUTHORIZED') return reply(401, { error: err.code });
      if (err?.code === 'INVALID_WEBHOOK') return reply(400, { error: err.code });
      console.error(err);
      return reply(500, { error: 'internal error' });
    }
    reply(200); // answer first: slow work must not make Kakao time out (or disable the webhook)
    if (isNew(event.resourceId ?? req.headers['x-kakao-resource-id'])) {
      queue.push(event);
      setImmediate(drain);
    }
  });
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const adminKey = process.env.KAKAO_ADMIN_KEY;
  if (!adminKey) { console.error('Set KAKAO_ADMIN_KEY to the admin key Kakao signs webhooks with.'); process.exit(2); }
  // Replace with your own work: update a CRM, a database, send a welcome message, …
  const onEvent = async (e) => console.log(`${e.updatedAt} ${e.event} user ${e.id} (${e.idType}) channel ${e.channelPublicId}`);
  const server = createWebhookServer({ adminKey, onEvent });
  server.listen(Number(process.env.PORT ?? 8080), () => console.log(`Kakao webhook receiver on port ${server.address().port}`));
}
