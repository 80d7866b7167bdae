import { isKakaoChannelError, verifyWebhook } from 'kakao-channel/server';

// Kakao posts here when a user adds or blocks the channel (Kakao Developers console → Webhook).
export async function POST(request: Request) {
  try {
    const event = verifyWebhook(
      { headers: request.headers, body: await request.text() },
      { adminKey: process.env.KAKAO_ADMIN_KEY ?? '' },
    );
    // Queue the work and answer within 3 seconds; de-duplicate on event.resourceId.
    console.log(`kakao webhook: ${event.event} ${event.channelPublicId} ${event.resourceId ?? ''}`);
    return Response.json({ received: event.event });
  } catch (error) {
    if (isKakaoChannelError(error) && error.code === 'WEBHOOK_UNAUTHORIZED') return new Response(null, { status: 401 });
    if (isKakaoChannelError(error) && error.code === 'INVALID_WEBHOOK') return new Response(null, { status: 400 });
    throw error;
  }
}
