// Shared by the Node tests of the server entry (not a test file itself): the fake Kakao for one
// test file, started before its tests and closed after them, with the fake's control API.
import { after, before } from 'node:test';
import { startFakeKakao } from '../fake-kakao/server.mjs';

/** The fixture's admin key (app `demo-javascript-key`, channels `_ZeUTxl`, `_Bxkd`, `_RQxl`). */
export const ADMIN_KEY = 'demo-admin-key';

/**
 * Starts the fake for the calling test file. Returns `{ url, control(method, path, body?) }`;
 * `url` is set once the file's `before` hooks ran. `control` answers the parsed JSON (null for 204).
 */
export function useFake(options = {}) {
  let server;
  const fake = {
    url: null,
    async control(method, path, body) {
      const r = await fetch(`${fake.url}${path}`, {
        method,
        headers: body ? { 'Content-Type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      return r.status === 204 ? null : r.json();
    },
  };
  before(async () => {
    server = await startFakeKakao({ port: 0, ...options });
    fake.url = server.url;
  });
  after(() => server?.close());
  return fake;
}
