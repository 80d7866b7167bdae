// Builds the npm package into dist/: wasm-pack (release, --target web, wasm-opt -Oz from the npm
// `binaryen` package), then the hand-written JS entries and types from js/, minified for browsers.
//
//   node scripts/build.mjs          build dist/ (what `npm pack` ships)
//   node scripts/build.mjs --full   build build/full/: the browser entry plus the features that are
//                                   built and tested but not shipped yet (js/features.js); the demo
//                                   and the browser tests use it
//   node scripts/build.mjs --check  only verify dist/ is complete (used by `npm pack`)
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/** Browser features compiled into the full build only (cargo features + js/features.js). */
const UNSHIPPED_FEATURES = ['relationship', 'follow', 'buttons'];
/** Their public functions (api.md §1, plus defineChannelButton), re-exported by the full entry. */
const UNSHIPPED_EXPORTS = ['checkRelationship', 'followChannel', 'createAddChannelButton', 'createChatButton', 'cleanup', 'defineChannelButton'];

/** Everything a complete dist/ holds. */
const REQUIRED = [
  'index.js',
  'index.d.ts',
  'errors.js',
  'errors.d.ts',
  'server.js',
  'server.d.ts',
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

/** One wasm-pack build into <out>/<dir> with the given cargo features. */
function wasmPack(out, dir, features) {
  execFileSync(
    'wasm-pack',
    ['build', '--release', '--target', 'web', '--out-dir', relative(root, join(out, dir)), '--out-name', 'kakao_channel', '--no-pack', '--', '--features', features.join(',')],
    { cwd: root, stdio: 'inherit', env },
  );
  // wasm-pack's own package files would shadow ours; its .gitignore (`*`) would empty the tarball.
  for (const f of ['.gitignore', 'package.json', 'README.md', 'LICENSE', 'LICENSE_APACHE', 'LICENSE_MIT']) {
    rmSync(join(out, dir, f), { force: true });
  }
}

/** Builds a browser entry (and, for the package, the Node entry) into `out`. */
async function build(out, { full }) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // What browsers download: the smallest build, without the server-only exports.
  wasmPack(out, 'wasm', full ? ['tiny', ...UNSHIPPED_FEATURES] : ['tiny']);
  const jsFiles = ['index.js', 'index.d.ts', 'errors.d.ts'];
  if (full) jsFiles.push('features.js', 'features.d.ts', 'follow.js', 'follow.d.ts', 'buttons.js', 'buttons.d.ts');
  else {
    // What `kakao-channel/server` loads in Node: adds the server exports; std, for readable traps.
    wasmPack(out, 'server-wasm', ['server']);
    jsFiles.push('server.js', 'server.d.ts');
  }
  for (const f of jsFiles) copyFileSync(join(root, 'js', f), join(out, f));
  if (full) {
    // The public names only: features.js also exports internals shared by the feature modules.
    appendFileSync(join(out, 'index.js'), `export { ${UNSHIPPED_EXPORTS.join(', ')} } from './features.js';\n`);
    appendFileSync(join(out, 'index.d.ts'), "export * from './features.js';\n");
  }

  // The wasm module imports js/errors.js as a snippet; the entries re-export that very module, so
  // `instanceof KakaoChannelError` sees one class whichever side created the error.
  const snippets = readdirSync(join(out, 'wasm', 'snippets'));
  if (snippets.length !== 1) throw new Error(`expected one snippet directory, found ${snippets}`);
  const snippetDir = `wasm/snippets/${snippets[0]}/js`;
  const errorsModule = `./${snippetDir}/errors.js`;
  writeFileSync(join(out, 'errors.js'), `export { KakaoChannelError, isKakaoChannelError } from '${errorsModule}';\n`);
  // Browser modules import the class from the snippet directly: one module fewer to download.
  for (const f of full ? ['index.js', 'features.js', 'follow.js', 'buttons.js'] : ['index.js']) {
    const path = join(out, f);
    writeFileSync(path, readFileSync(path, 'utf8').replace("from './errors.js'", `from '${errorsModule}'`));
  }

  // Minify what browsers download (the .d.ts files keep the documentation). Names of exported
  // classes stay, so stack traces and `err.name` read well.
  const { minify } = await import('terser');
  const browserFiles = ['index.js', 'wasm/kakao_channel.js', ...readdirSync(join(out, snippetDir)).map((f) => `${snippetDir}/${f}`)];
  if (full) browserFiles.push('features.js', 'follow.js', 'buttons.js');
  for (const f of browserFiles) {
    const path = join(out, f);
    const result = await minify(readFileSync(path, 'utf8'), {
      module: true,
      ecma: 2020,
      keep_classnames: true,
      compress: { passes: 2 },
      format: { comments: /@ts-self-types/ },
    });
    writeFileSync(path, result.code);
  }
}

if (process.argv.includes('--full')) {
  await build(join(root, 'build', 'full'), { full: true });
  console.log('built build/full/');
} else {
  await build(dist, { full: false });
  check();
  console.log('built dist/');
}
