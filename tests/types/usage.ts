// Compiled with `tsc --noEmit --strict` against the installed package: the public types must be
// precise (wrong options are errors) and complete (every documented name resolves).
import {
  addChannel,
  addChannelUrl,
  chat,
  chatChannelUrl,
  checkRelationship,
  cleanup,
  createAddChannelButton,
  createChatButton,
  defineChannelButton,
  followChannel,
  init,
  isInitialized,
  isKakaoChannelError,
  KakaoChannelError,
  parseChannelId,
  type ErrorCode,
  type InitOptions,
  type Lang,
  type LaunchResult,
  type ChannelRelationships,
  type FollowChannelResult,
} from 'kakao-channel';
import * as server from 'kakao-channel/server';

async function main(): Promise<void> {
  const options: InitOptions = { appKey: 'key', lang: 'ko', hosts: { api: 'https://kapi.kakao.com' } };
  await init(options);
  const ready: boolean = isInitialized();
  const id: string = parseChannelId('https://pf.kakao.com/_ZeUTxl');
  const href: string = addChannelUrl({ channelPublicId: id, lang: 'en' }) + chatChannelUrl({ channelPublicId: id });
  const launched: LaunchResult = addChannel({ channelPublicId: id });
  const via: 'popup' | 'redirect' | 'app' = chat({ channelPublicId: id }).via;
  const lang: Lang = 'ja';
  try {
    parseChannelId('@x');
  } catch (err) {
    if (isKakaoChannelError(err)) {
      const code: ErrorCode = err.code;
      const status: number | undefined = err.status;
      const kakao: number | string | undefined = err.kakaoCode;
      const scopes: string[] | undefined = err.requiredScopes;
      const asError: Error = err;
      void [code, status, kakao, scopes, asError];
    }
    if (err instanceof KakaoChannelError) void err.code;
  }
  const serverId: string = server.parseChannelId('_ZeUTxl');
  const serverUrl: string = server.addChannelUrl({ channelPublicId: serverId, appKey: 'k', origin: 'https://a.example' });
  void [ready, href, launched, via, lang, serverUrl, server.chatChannelUrl({ channelPublicId: '_x' })];

  const relationships: ChannelRelationships = await checkRelationship({
    accessToken: 't',
    channelPublicIds: [id],
    signal: new AbortController().signal,
    timeoutMs: 5000,
  });
  const relation: 'ADDED' | 'BLOCKED' | 'NONE' | undefined = relationships.channels[0]?.relation;
  const userId: number = relationships.userId;
  const followed: FollowChannelResult = await followChannel({ channelPublicId: id, accessToken: 't' });
  const status: 'success' | 'fail' | 'closed' = followed.status;
  createAddChannelButton({ container: 'kakao-btn', channelPublicId: id, size: 'large', supportMultipleDensities: true });
  createChatButton({ container: '#chat-btn', channelPublicId: id, color: 'mono', shape: 'mobile', title: 'question' });
  defineChannelButton();
  cleanup();
  void [relation, userId, status];
  // @ts-expect-error accessToken is required
  await checkRelationship({});
  // @ts-expect-error color is a union
  createChatButton({ container: 'x', channelPublicId: id, color: 'black' });

  // @ts-expect-error appKey is required
  await init({});
  // @ts-expect-error lang is a union
  await init({ appKey: 'k', lang: 'fr' });
  // @ts-expect-error channelPublicId is required
  addChannel({});
  // @ts-expect-error options are an object
  addChannelUrl('_ZeUTxl');
  // @ts-expect-error the result is not a string
  const wrong: string = addChannel({ channelPublicId: '_x' });
  // @ts-expect-error codes are a closed union
  const badCode: ErrorCode = 'NOPE';
  void [wrong, badCode];
}
void main;
