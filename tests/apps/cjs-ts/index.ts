// A CommonJS TypeScript project using kakao-channel/server: compiled by tsc to require() calls.
import { KakaoChannelAdmin, chatChannelUrl, isKakaoChannelError, parseChannelId, verifyWebhook } from 'kakao-channel/server';
import type { WebhookEvent } from 'kakao-channel/server';


const channelPublicId: string = parseChannelId('https://pf.kakao.com/_ZeUTxl');
const link: string = chatChannelUrl({ channelPublicId });
const body = JSON.stringify({
  event: 'added',
  id: '1001',
  id_type: 'app_user_id',
  channel_public_id: '_ZeUTxl',
  channel_uuid: '@kakaochannel',
  updated_at: '2024-01-02T03:04:05Z',
});
const event: WebhookEvent = verifyWebhook({ headers: { authorization: 'KakaoAK demo-admin-key' }, body }, { adminKey: 'demo-admin-key' });
let refused = '';
try {
  verifyWebhook({ headers: {}, body }, { adminKey: 'demo-admin-key' });
} catch (error) {
  if (isKakaoChannelError(error)) refused = error.code;
}
const admin = new KakaoChannelAdmin({ adminKey: 'demo-admin-key' });
const relationships = typeof admin.relationships;
admin.free();
console.log(JSON.stringify({ channelPublicId, link, event: event.event, userId: event.id, refused, admin: typeof admin, relationships }));
