// Serves the demo page and the built package, next to the fake Kakao server the page talks to.
//
//   node scripts/demo-server.mjs [--port 8080] [--host 127.0.0.1]
//
// Prints the demo URL; Ctrl-C stops both servers. Also used by the end-to-end tests
// (startDemo()), on free ports.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeKakao } from '../tests/fake-kakao/server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
};
/** Only these trees are served: the demo page and the package. */
const SERVED = ['www', 'dist'];

export async function startDemo({ port = 0, host = '127.0.0.1' } = {}) {
  let fake;
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(302, { location: '/www/' }).end();
      return;
    }
    if (url.pathname === '/demo-config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ fakeKakao: fake.url, appKey: 'demo-javascript-key' }));
      return;
    }
    let rel;
    try {
      rel = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    if (rel.endsWith(sep) || rel.endsWith('/') || rel === 'www') rel = join(rel, 'index.html');
    if (!SERVED.some((top) => rel === top || rel.startsWith(top + sep)) || rel.split(sep).includes('..')) {
      res.writeHead(404).end('not found');
      return;
    }
    const file = join(root, rel);
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const origin = `http://${host}:${server.address().port}`;
  // The page's origin is registered with the fake app, as a real app registers its site.
  fake = await startFakeKakao({ port: 0, origins: [origin, origin.replace('127.0.0.1', 'localhost')] });
  return {
    url: `${origin}/www/`,
    fakeUrl: fake.url,
    async close() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
      await fake.close();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const demo = await startDemo({ port: Number(opt('--port', process.env.PORT ?? 8080)), host: opt('--host', '127.0.0.1') });
  console.log(`\n  kakao-channel demo: ${demo.url}\n  fake Kakao server:  ${demo.fakeUrl}\n\n  Ctrl-C to stop.\n`);
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
