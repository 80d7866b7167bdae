// The browser entry bundled without ES module output (esbuild's default IIFE format leaves
// import.meta empty): init() rejects UNSUPPORTED_ENVIRONMENT saying how to fix the build, not
// "Invalid URL". With --format=esm the same bundle initialises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const source = `import { init, isKakaoChannelError } from ${JSON.stringify(join(dist, 'index.js'))};
init({ appKey: 'demo-javascript-key' }).then(
  () => console.log(JSON.stringify({ ok: true })),
  (e) => console.log(JSON.stringify({ kakao: isKakaoChannelError(e), code: e.code, message: e.message })),
);`;

/** Bundles `source` with esbuild in `format` and runs it with Node; its printed result. */
async function bundleAndRun(format) {
  const dir = mkdtempSync(join(tmpdir(), 'kakao-channel-esbuild-'));
  try {
    writeFileSync(join(dir, 'entry.mjs'), source);
    const outfile = join(dir, format === 'esm' ? 'out.mjs' : 'out.js');
    const options = { entryPoints: [join(dir, 'entry.mjs')], bundle: true, outfile, logLevel: 'silent', platform: 'browser' };
    if (format) options.format = format;
    await build(options);
    // The esm bundle loads the wasm next to it, as a page would from the server: copy it there.
    if (format === 'esm') {
      mkdirSync(join(dir, 'wasm'));
      copyFileSync(join(dist, 'wasm', 'kakao_channel_bg.wasm'), join(dir, 'wasm', 'kakao_channel_bg.wasm'));
    }
    return JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("esbuild's default format (IIFE): init rejects UNSUPPORTED_ENVIRONMENT naming the fix", async () => {
  const result = await bundleAndRun(undefined);
  assert.equal(result.kakao, true);
  assert.equal(result.code, 'UNSUPPORTED_ENVIRONMENT');
  assert.match(result.message, /ES module build/);
  assert.match(result.message, /import\.meta\.url/);
  assert.match(result.message, /--format=esm/);
  assert.doesNotMatch(result.message, /Invalid URL/);
});

test('esbuild --format=esm: the same code initialises', async () => {
  assert.deepEqual(await bundleAndRun('esm'), { ok: true });
});
