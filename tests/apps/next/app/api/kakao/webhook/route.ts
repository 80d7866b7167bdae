import { webhookHandler } from 'kakao-channel/server';

// Kakao posts here when a user adds or blocks the channel (Kakao Developers console → Webhook).
// webhookHandler checks the admin key, answers within ackWithinMs (Kakao waits 3 s) and runs
// onEvent once per X-Kakao-Resource-ID. Made on the first request, so `next build` needs no key.
let handle: ((request: Request) => Promise<Response>) | undefined;

export function POST(request: Request): Promise<Response> {
  handle ??= webhookHandler({
    adminKey: process.env.KAKAO_ADMIN_KEY ?? '',
    async onEvent(event) {
      console.log(`kakao webhook: ${event.event} ${event.channelPublicId} ${event.resourceId ?? ''}`);
    },
  });
  return handle(request);
}
