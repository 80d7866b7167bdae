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
  safeParseChannelId,
  type ErrorCode,
  type SafeParseChannelIdResult,
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
  const checked: SafeParseChannelIdResult = safeParseChannelId(null as unknown);
  if (checked.ok) {
    const found: string = checked.channelPublicId;
    void found;
  } else {
    const code: ErrorCode = checked.error.code;
    void code;
  }
  const serverChecked = server.safeParseChannelId(42);
  const serverFound: string | undefined = serverChecked.ok ? serverChecked.channelPublicId : serverChecked.error.message;
  void serverFound;
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
  // The README's createChatButton example, as written there (it must type-check under strict).
  const chatBox = document.querySelector('#kakao-chat'); // Element | null: narrow it first
  if (chatBox instanceof HTMLElement) {
    createChatButton({
      container: chatBox,
      channelPublicId: '_ZeUTxl',
      color: 'mono', shape: 'mobile', title: 'question', lang: 'en',
    });
  }
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

/** The server entry's admin APIs and webhook verification, as a Node backend uses them. */
async function admin(): Promise<void> {
  const client = new server.KakaoChannelAdmin({ adminKey: 'k', hosts: { api: 'http://127.0.0.1:9' }, concurrency: 4, timeoutMs: 5000 });
  const one: server.AdminChannelRelationships = await client.checkRelationship({ userId: '9223372036854775001' });
  const uid: number | string = one.userId;
  const many = await client.checkRelationships({
    userIds: [1001, '9223372036854775001'],
    channelPublicIds: ['_ZeUTxl'],
    onProgress: (p: server.BatchProgress) => void p.done,
  });
  const firstError: server.KakaoChannelError | undefined = many[0]?.error;
  const relation: 'ADDED' | 'BLOCKED' | 'NONE' | undefined = many[0]?.channels[0]?.relation;
  const { fileId } = await client.createCustomerFile({ channelPublicId: '_ZeUTxl', fileName: 'VIP', schema: { tier: 'string', points: 'number' } });
  const files: server.CustomerFile[] = await client.listCustomerFiles({ channelPublicId: '_ZeUTxl' });
  const report: server.BatchReport = await client.addCustomerUsers({
    channelPublicId: '_ZeUTxl',
    fileId,
    userType: 'app',
    users: [{ id: 1001, fields: { points: 10 } }],
  });
  const batch: number = report.errors[0]?.batch ?? -1;
  const deleted: server.BatchReport = await client.deleteCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'phone', userIds: ['010-1234-5678'] });
  const event: server.WebhookEvent = server.verifyWebhook({ headers: { authorization: 'KakaoAK k' }, body: '{}' }, { adminKey: 'k' });
  const kind: 'added' | 'blocked' = event.event;
  void [uid, firstError, relation, files[0]?.fileName, batch, deleted.failed, kind, event.resourceId];

  const ac = new AbortController();
  const stream: AsyncIterableIterator<server.AdminChannelRelationships> = client.relationships({
    userIds: (async function* () {
      yield 1001;
      yield '9223372036854775001';
    })(),
    channelPublicIds: ['_ZeUTxl'],
    chunkSize: 100,
    concurrency: 2,
    signal: ac.signal,
  });
  for await (const r of stream) {
    const streamedId: number | string = r.userId;
    const streamedError: server.KakaoChannelError | undefined = r.error;
    void [streamedId, streamedError, r.channels[0]?.relation];
  }
  const fromSet: server.RelationshipsOptions = { userIds: new Set([1, 2]) };
  void client.relationships(fromSet).return?.();

  const dedupe: server.WebhookDedupe = server.redisDedupe({}, { prefix: 'app:', timeoutMs: 500 });
  const claimed: boolean = await dedupe.claim('r', 1000);
  await dedupe.release('r');
  const webhookOptions: server.WebhookOptions = {
    adminKey: 'k',
    onEvent: async (e: server.WebhookEvent) => void e.id,
    onError: (err: unknown, e?: server.WebhookEvent) => void [err, e?.resourceId],
    dedupe: server.memoryDedupe({ max: 10 }),
    dedupeTtlMs: 60_000,
    ackWithinMs: 1500,
    maxBodyBytes: 65536,
  };
  const handle: (request: Request) => Promise<Response> = server.webhookHandler(webhookOptions);
  const response: Response = await handle(new Request('http://localhost/hook', { method: 'POST', body: '{}' }));
  const middleware = server.webhookMiddleware({ adminKey: 'k', onEvent: () => {} });
  middleware({ method: 'POST', headers: { authorization: 'KakaoAK k' } }, { headersSent: false, end: () => undefined });
  void [claimed, response.status];

  // @ts-expect-error userIds is required
  client.relationships({ chunkSize: 10 });
  // @ts-expect-error userIds are numbers or strings
  client.relationships({ userIds: [true] });
  // @ts-expect-error onEvent is required
  server.webhookHandler({ adminKey: 'k' });
  // @ts-expect-error max is a number
  server.memoryDedupe({ max: '10' });
  // @ts-expect-error claim resolves a boolean
  const notString: string = await dedupe.claim('r', 1);
  void notString;

  // @ts-expect-error adminKey is required
  new server.KakaoChannelAdmin({});
  // @ts-expect-error userType is a union
  await client.addCustomerUsers({ channelPublicId: '_x', fileId: 1, userType: 'email', users: [] });
  // @ts-expect-error schema types are a union
  await client.createCustomerFile({ channelPublicId: '_x', fileName: 'x', schema: { a: 'date' } });
  // @ts-expect-error verifyWebhook needs the admin key
  server.verifyWebhook({ headers: {}, body: '' }, {});
}
void main;
void admin;
