// Regenerates src/generated/*.d.ts, the TypeScript declarations derived from kakao-channel-core's
// serde types (ts-rs, the core's `ts` feature; see core/src/ts.rs). src/lib.rs and src/webhook.rs
// include them in the wasm module's .d.ts, so run `node scripts/build.mjs` afterwards.
//
//   node scripts/types.mjs          write src/generated/*.d.ts
//   node scripts/types.mjs --check  only fail when they differ from what the Rust types produce
import { execFileSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');

execFileSync(
  'cargo',
  ['test', '-q', '-p', 'kakao-channel-core', '--features', 'ts,admin', '--lib', 'ts::tests::'],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PATH: [join(process.env.HOME ?? '', '.cargo', 'bin'), process.env.PATH].join(delimiter),
      KAKAO_CHANNEL_WRITE_TYPES: check ? '0' : '1',
    },
  },
);
if (!check) console.log('types: wrote src/generated/types.d.ts and src/generated/webhook.d.ts');
