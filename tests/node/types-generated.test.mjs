// The declarations of what the calls resolve with are generated from the core's serde types
// (core/src/ts.rs, ts-rs): the committed src/generated/*.d.ts must be what those types produce
// now, and the shipped .d.ts files must carry them, each name declared once (no hand-written copy
// left beside them). Run after `node scripts/build.mjs`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (f) => readFileSync(join(root, f), 'utf8');

/** The names a generated file declares (`export type Name = …`). */
const declared = (text) => [...text.matchAll(/^export type (\w+)\b/gm)].map((m) => m[1]);
/** wasm-bindgen re-indents custom sections: compare with runs of white space as one space. */
const squeeze = (text) => text.replace(/\s+/g, ' ').trim();

test('src/generated/*.d.ts are what the Rust types produce (cargo test of the core, ts feature)', () => {
  // Fails (non-zero exit) with "… differs from what the Rust types produce" when they differ.
  execFileSync(process.execPath, [join(root, 'scripts/types.mjs'), '--check'], { cwd: root, stdio: 'pipe' });
});

test('the shipped .d.ts files carry the generated declarations, each name once', () => {
  const shared = read('src/generated/types.d.ts');
  const webhook = read('src/generated/webhook.d.ts');
  assert.deepEqual(declared(shared), ['ChannelRelationship', 'ChannelRelationships', 'LaunchResult', 'FollowChannelResult']);
  assert.deepEqual(declared(webhook), ['WebhookEvent']);
  const shipped = {
    'dist/wasm/kakao_channel.d.ts': [shared],
    'dist/server-wasm/kakao_channel.d.ts': [shared, webhook],
    'dist/server-wasm/kakao_channel.d.cts': [shared, webhook],
  };
  for (const [file, parts] of Object.entries(shipped)) {
    const text = read(file);
    for (const part of parts) {
      assert.ok(squeeze(text).includes(squeeze(part)), `${file} lacks the generated declarations: run node scripts/build.mjs`);
      for (const name of declared(part)) {
        const count = text.match(new RegExp(`^export type ${name}\\b`, 'gm'))?.length ?? 0;
        assert.equal(count, 1, `${file} declares ${name} ${count} times`);
      }
    }
  }
});
