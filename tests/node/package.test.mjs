// The package as users get it: `npm pack` after `npm run build`, installed into a scratch
// project, used from Node through both entries, and type-checked by TypeScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let dir;
let tarball;
let files;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kakao-channel-pack-'));
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const info = JSON.parse(out.slice(out.indexOf('[')))[0];
  tarball = join(dir, info.filename);
  files = info.files.map((f) => f.path);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: dir, stdio: 'pipe' });
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the tarball is named kakao-channel-<version>.tgz and holds the built package only', () => {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.ok(tarball.endsWith(`kakao-channel-${version}.tgz`), tarball);
  for (const f of ['package.json', 'README.md', 'README.ko.md', 'dist/index.js', 'dist/index.d.ts', 'dist/errors.js', 'dist/server.js', 'dist/server.d.ts', 'dist/wasm/kakao_channel.js', 'dist/wasm/kakao_channel.d.ts', 'dist/wasm/kakao_channel_bg.wasm', 'dist/server-wasm/kakao_channel_bg.wasm']) {
    assert.ok(files.includes(f), `missing ${f}`);
  }
  for (const f of files) assert.match(f, /^(package\.json|README(\.ko)?\.md|dist\/)/, `unexpected ${f}`);
});

test('an installed copy works from Node through both entries', () => {
  writeFileSync(
    join(dir, 'use.mjs'),
    `import { init, parseChannelId, addChannelUrl } from 'kakao-channel';
     import * as server from 'kakao-channel/server';
     await init({ appKey: 'k' });
     console.log(JSON.stringify([parseChannelId('pf.kakao.com/_ZeUTxl'), addChannelUrl({ channelPublicId: '_ZeUTxl' }).split('?')[0], server.chatChannelUrl({ channelPublicId: '_Bxkd' })]));`,
  );
  const out = execFileSync(process.execPath, ['use.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), ['_ZeUTxl', 'https://pf.kakao.com/_ZeUTxl/friend', 'https://pf.kakao.com/_Bxkd/chat']);
});

test('the public types are precise: tsc --strict accepts real use and rejects wrong use', () => {
  copyFileSync(join(root, 'tests/types/usage.ts'), join(dir, 'usage.ts'));
  const tsc = join(root, 'node_modules/.bin/tsc');
  for (const resolution of [['--module', 'esnext', '--moduleResolution', 'bundler'], ['--module', 'node16', '--moduleResolution', 'node16']]) {
    execFileSync(tsc, ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom', ...resolution, 'usage.ts'], { cwd: dir, stdio: 'pipe' });
  }
});

test('no `any` on the public surface: every export of both entries, resolved by TypeScript', async () => {
  const ts = (await import('typescript')).default;
  const program = ts.createProgram([join(dir, 'usage.ts')], {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  });
  const checker = program.getTypeChecker();
  let checked = 0;
  for (const entry of ['index.d.ts', 'server.d.ts']) {
    const file = program.getSourceFile(join(dir, 'node_modules/kakao-channel/dist', entry));
    assert.ok(file, `${entry} is part of the program`);
    for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(file))) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      for (const decl of target.declarations ?? []) {
        const type = target.flags & ts.SymbolFlags.TypeAlias ? checker.getDeclaredTypeOfSymbol(target) : checker.getTypeOfSymbolAtLocation(target, decl);
        const text = checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias);
        assert.doesNotMatch(text, /\bany\b/, `${entry}: ${symbol.name}: ${text}`);
        for (const sig of type.getCallSignatures()) {
          const sigText = checker.signatureToString(sig, undefined, ts.TypeFormatFlags.NoTruncation);
          assert.doesNotMatch(sigText, /\bany\b/, `${entry}: ${symbol.name}${sigText}`);
          for (const param of sig.getParameters()) {
            const pt = checker.typeToString(checker.getTypeOfSymbol(param), undefined, ts.TypeFormatFlags.NoTruncation);
            assert.doesNotMatch(pt, /\bany\b/, `${entry}: ${symbol.name}(${param.name}: ${pt})`);
          }
        }
        checked++;
      }
    }
  }
  assert.ok(checked >= 20, `only ${checked} declarations checked`);
});

test('a fresh Vite app that installs the tarball gets every browser function, under the size gate', async () => {
  const { BUDGET_GZIP } = await import('../../scripts/size.mjs');
  const app = join(dir, 'vite-app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'index.html'), '<!doctype html><div id="add"></div><script type="module" src="./main.js"></script>\n');
  const names = ['parseChannelId', 'safeParseChannelId', 'addChannelUrl', 'chatChannelUrl', 'addChannel', 'chat', 'followChannel', 'checkRelationship', 'createAddChannelButton', 'createChatButton', 'cleanup', 'defineChannelButton', 'isKakaoChannelError', 'isInitialized', 'KakaoChannelError'];
  writeFileSync(
    join(app, 'main.js'),
    `import { init, ${names.join(', ')} } from 'kakao-channel';\n` +
      `init({ appKey: 'k' }).catch((e) => console.error(e));\n` +
      `window.kc = { ${names.join(', ')} };\n`,
  );
  const vite = join(root, 'node_modules', '.bin', 'vite');
  execFileSync(vite, ['build', app, '--logLevel', 'error'], { cwd: dir, stdio: 'pipe' });
  const { readdirSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  const assets = join(app, 'dist', 'assets');
  let gzip = 0;
  let code = '';
  for (const f of readdirSync(assets)) {
    const bytes = readFileSync(join(assets, f));
    gzip += gzipSync(bytes, { level: 9 }).length;
    if (f.endsWith('.js')) code += bytes.toString('utf8');
  }
  assert.ok(readdirSync(assets).some((f) => f.endsWith('.wasm')), 'Vite emitted the wasm module');
  for (const name of ['followChannel', 'checkRelationship', 'createAddChannelButton', 'renderChannelButton']) {
    assert.ok(code.includes(name), `${name} is in the bundle`);
  }
  assert.ok(gzip <= BUDGET_GZIP, `Vite build: ${gzip} B gzip > gate ${BUDGET_GZIP} B`);
});
