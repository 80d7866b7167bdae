// Builds the npm package into dist/: wasm-pack (release, --target web, wasm-opt -Oz from the npm
// `binaryen` package), then the hand-written JS entries and types from js/.
//
//   node scripts/build.mjs          build
//   node scripts/build.mjs --check  only verify dist/ is complete (used by `npm pack`)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const wasmDir = join(dist, 'wasm');

/** The files js/ contributes to dist/, verbatim. */
const JS_FILES = ['index.js', 'index.d.ts', 'server.js', 'server.d.ts', 'errors.d.ts'];

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

rmSync(dist, { recursive: true, force: true });
const env = {
  ...process.env,
  // wasm-pack uses the wasm-opt it finds on PATH (never a download): binaryen's, from npm.
  PATH: [join(root, 'node_modules', '.bin'), join(process.env.HOME ?? '', '.cargo', 'bin'), process.env.PATH].join(delimiter),
};
/** One wasm-pack build into dist/<outDir> with the given cargo features. */
function wasmPack(outDir, features) {
  execFileSync(
    'wasm-pack',
    ['build', '--release', '--target', 'web', '--out-dir', `dist/${outDir}`, '--out-name', 'kakao_channel', '--no-pack', '--', '--features', features],
    { cwd: root, stdio: 'inherit', env },
  );
  // wasm-pack's own package files would shadow ours; its .gitignore (`*`) would empty the tarball.
  for (const f of ['.gitignore', 'package.json', 'README.md', 'LICENSE', 'LICENSE_APACHE', 'LICENSE_MIT']) {
    rmSync(join(dist, outDir, f), { force: true });
  }
}

// What browsers download: the smallest build, without the server-only exports.
wasmPack('wasm', 'tiny');
// What `kakao-channel/server` loads in Node: adds the server exports; std, for readable traps.
wasmPack('server-wasm', 'server');

for (const f of JS_FILES) copyFileSync(join(root, 'js', f), join(dist, f));

// The wasm module imports js/errors.js as a snippet; the entries re-export that very module, so
// `instanceof KakaoChannelError` sees one class whichever side created the error.
const snippets = readdirSync(join(wasmDir, 'snippets'));
if (snippets.length !== 1) throw new Error(`expected one snippet directory, found ${snippets}`);
const errorsModule = `./wasm/snippets/${snippets[0]}/js/errors.js`;
writeFileSync(join(dist, 'errors.js'), `export { KakaoChannelError, isKakaoChannelError } from '${errorsModule}';\n`);
// The browser entry imports the class from the snippet directly: one module fewer to download.
const indexPath = join(dist, 'index.js');
writeFileSync(indexPath, readFileSync(indexPath, 'utf8').replace("from './errors.js'", `from '${errorsModule}'`));

// Minify what browsers download (the .d.ts files keep the documentation). Names of exported
// classes stay, so stack traces and `err.name` read well.
const { minify } = await import('terser');
const snippetDir = `wasm/snippets/${snippets[0]}/js`;
const browserFiles = ['index.js', 'wasm/kakao_channel.js', ...readdirSync(join(dist, snippetDir)).map((f) => `${snippetDir}/${f}`)];
for (const f of browserFiles) {
  const path = join(dist, f);
  const out = await minify(readFileSync(path, 'utf8'), {
    module: true,
    ecma: 2020,
    keep_classnames: true,
    compress: { passes: 2 },
    format: { comments: /@ts-self-types/ },
  });
  writeFileSync(path, out.code);
}
check();
console.log('built dist/');
