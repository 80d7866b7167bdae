// Kakao Talk Channel webhook receiver: each delivery verified (key, body), repeats dropped by
// X-Kakao-Resource-ID, Kakao answered within 2 s (it waits 3 s) while your work goes on.
//   KAKAO_ADMIN_KEY=... PORT=8080 node examples/webhook-server.mjs
// Several instances? Give them one store: dedupe: redisDedupe(redisClient).
import http from 'node:http';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { webhookMiddleware } from 'kakao-channel/server';

export function createWebhookServer(options) {
  return http.createServer({ requestTimeout: 10_000 }, webhookMiddleware(options));
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const adminKey = process.env.KAKAO_ADMIN_KEY;
  if (!adminKey) { console.error('Set KAKAO_ADMIN_KEY to the admin key Kakao signs webhooks with.'); process.exit(2); }
  // Replace with your own work: update a CRM, a database, send a welcome message, …
  const onEvent = async (e) => console.log(`${e.updatedAt} ${e.event} user ${e.id} (${e.idType}) channel ${e.channelPublicId}`);
  const server = createWebhookServer({ adminKey, onEvent });
  server.listen(Number(process.env.PORT ?? 8080), () => console.log(`Kakao webhook receiver on port ${server.address().port}`));
}
