// Builds the npm package into dist/: wasm-pack (release, --target web, wasm-opt -Oz from the npm
// `binaryen` package) for browsers and, with the server exports, for Node; then the hand-written
// JS entries and types from js/, copied as they are and minified for browsers.
//
//   node scripts/build.mjs          build dist/ (what `npm pack` ships)
//   node scripts/build.mjs --check  only verify dist/ is complete (used by `npm pack`)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/** The hand-written files of js/, shipped as they are. */
const JS_FILES = ['index.js', 'index.d.ts', 'ready.js', 'element.js', 'errors.d.ts', 'server.js', 'server.d.ts', 'stream.js', 'webhook.js', 'cli.js'];
/** What browsers download besides the wasm module (minified). */
const BROWSER_JS = ['index.js', 'ready.js', 'element.js', 'errors.js', 'wasm/kakao_channel.js'];

/** Everything a complete dist/ holds. */
const REQUIRED = [
  ...JS_FILES,
  'errors.js',
  'wasm/kakao_channel.js',
  'wasm/kakao_channel.d.ts',
  'wasm/kakao_channel_bg.wasm',
  'server-wasm/kakao_channel.js',
  'server-wasm/kakao_channel_bg.wasm',
];

function check() {
  const missing = REQUIRED.filter((f) => !existsSync(join(dist, f)));
  if (missing.length) {
    console.error(`dist/ is incomplete (missing ${missing.join(', ')}): run \`npm run build\` first.`);
    process.exit(1);
  }
}

if (process.argv.includes('--check')) {
  check();
  process.exit(0);
}

const env = {
  ...process.env,
  // wasm-pack uses the wasm-opt it finds on PATH (never a download): binaryen's, from npm.
  PATH: [join(root, 'node_modules', '.bin'), join(process.env.HOME ?? '', '.cargo', 'bin'), process.env.PATH].join(delimiter),
};

/** One wasm-pack build into dist/<dir> with the given cargo features. */
function wasmPack(dir, features) {
  const args = ['build', '--release', '--target', 'web', '--out-dir', relative(root, join(dist, dir)), '--out-name', 'kakao_channel', '--no-pack'];
  if (features.length) args.push('--', '--features', features.join(','));
  execFileSync('wasm-pack', args, { cwd: root, stdio: 'inherit', env });
  // wasm-pack's own package files would shadow ours; its .gitignore (`*`) would empty the tarball.
  for (const f of ['.gitignore', 'package.json', 'README.md', 'LICENSE', 'LICENSE_APACHE', 'LICENSE_MIT']) {
    rmSync(join(dist, dir, f), { force: true });
  }
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// What browsers download: no server exports.
wasmPack('wasm', []);
// What `kakao-channel/server` loads in Node.
wasmPack('server-wasm', ['server']);
for (const f of JS_FILES) copyFileSync(join(root, 'js', f), join(dist, f));

// wasm-bindgen declares `[Symbol.dispose]()` on exported classes (KakaoChannelAdmin), a type
// that only exists with `lib: esnext`; projects on es2022 without skipLibCheck would fail to
// type-check. The method itself stays at run time where Symbol.dispose exists; `free()` is typed.
const serverTypes = join(dist, 'server-wasm', 'kakao_channel.d.ts');
writeFileSync(serverTypes, readFileSync(serverTypes, 'utf8').replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, ''));

// The wasm module imports js/errors.js as a snippet; dist/errors.js (generated, not a copy)
// re-exports that very module, so `instanceof KakaoChannelError` sees one class whichever side
// created the error.
const snippets = readdirSync(join(dist, 'wasm', 'snippets'));
if (snippets.length !== 1) throw new Error(`expected one snippet directory, found ${snippets}`);
const snippetDir = `wasm/snippets/${snippets[0]}/js`;
writeFileSync(join(dist, 'errors.js'), `export { KakaoChannelError, isKakaoChannelError } from './${snippetDir}/errors.js';\n`);

// Minify what browsers download (the .d.ts files keep the documentation). Names of exported
// classes stay, so stack traces and `err.name` read well.
const { minify } = await import('terser');
const browserFiles = [...BROWSER_JS, ...readdirSync(join(dist, snippetDir)).map((f) => `${snippetDir}/${f}`)];
for (const f of browserFiles) {
  const path = join(dist, f);
  const result = await minify(readFileSync(path, 'utf8'), {
    module: true,
    ecma: 2022,
    keep_classnames: true,
    compress: { passes: 2 },
    format: { comments: /@ts-self-types/ },
  });
  writeFileSync(path, result.code);
}
check();
console.log('built dist/');
