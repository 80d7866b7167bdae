// Runs a command with the fake Kakao server up, then stops the server whatever happens.
//
//   node scripts/with-fake-kakao.mjs [--wasm-test-origin] [--origin URL ...] -- command args...
//
// The command gets KAKAO_FAKE_URL. With --wasm-test-origin a free port is reserved for
// wasm-bindgen-test's page server (WASM_BINDGEN_TEST_ADDRESS) and its origin is registered with
// the fake, so the browser tests' cross-origin requests pass CORS as a registered site's would.
import { spawn } from 'node:child_process';
import { freePort } from './free-port.mjs';
import { startFakeKakao } from '../tests/fake-kakao/server.mjs';

const args = process.argv.slice(2);
const split = args.indexOf('--');
if (split < 0 || split === args.length - 1) {
  console.error('usage: with-fake-kakao.mjs [--wasm-test-origin] [--origin URL ...] -- command args...');
  process.exit(2);
}
const own = args.slice(0, split);
const [command, ...commandArgs] = args.slice(split + 1);

const origins = [];
const env = { ...process.env };
for (let i = 0; i < own.length; i++) {
  if (own[i] === '--origin') origins.push(own[++i]);
  else if (own[i] === '--wasm-test-origin') {
    const port = await freePort();
    env.WASM_BINDGEN_TEST_ADDRESS = `127.0.0.1:${port}`;
    env.WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION = '1';
    origins.push(`http://127.0.0.1:${port}`);
  } else {
    console.error(`with-fake-kakao.mjs: unknown option ${own[i]}`);
    process.exit(2);
  }
}

const fake = await startFakeKakao({ port: 0, origins });
env.KAKAO_FAKE_URL = fake.url;
console.log(`[fake-kakao] ${fake.url} (origins: ${origins.join(', ') || 'none'})`);

const child = spawn(command, commandArgs, { stdio: 'inherit', env });
const stop = (signal) => child.kill(signal);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', async (code, signal) => {
  await fake.close();
  process.exit(code ?? (signal ? 1 : 0));
});
