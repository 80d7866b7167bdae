// Builds the npm package into dist/: wasm-pack (release, --target web, wasm-opt -Oz from the npm
// `binaryen` package) for browsers and, with the server exports, for Node; then the hand-written
// JS entries and types from js/, copied as they are and minified for browsers.
//
//   node scripts/build.mjs          build dist/ (what `npm pack` ships)
//   node scripts/build.mjs --check  only verify dist/ is complete (used by `npm pack`)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportNames, NAMES_KEPT, renameExports, renameImports, withoutCustomSection } from './wasm-sections.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/** The hand-written files of js/, shipped as they are. */
const JS_FILES = [
  'index.js',
  'index.d.ts',
  'ready.js',
  'parse.js',
  'element.js',
  'errors.d.ts',
  'server.js',
  'server.d.ts',
  'stream.js',
  'webhook.js',
  'cli.js',
  'cli-help.js',
  'cli-input.js',
  'cli-output.js',
  // kakao-channel/react and kakao-channel/vue (framework code users' bundlers take as it is).
  'bindings.js',
  'react.js',
  'react.d.ts',
  'vue.js',
  'vue.d.ts',
];
/** What browsers download besides the wasm module (minified). */
const BROWSER_JS = ['index.js', 'ready.js', 'parse.js', 'element.js', 'errors.js', 'wasm/kakao_channel.js'];

/** Everything a complete dist/ holds. */
const REQUIRED = [
  ...JS_FILES,
  'errors.js',
  'wasm/kakao_channel.js',
  'wasm/kakao_channel.d.ts',
  'wasm/kakao_channel_bg.wasm',
  'server-wasm/kakao_channel.js',
  'server-wasm/kakao_channel_bg.wasm',
  'server-wasm/wasm-bytes.cjs',
  'server.cjs',
  'server.d.cts',
  'errors.d.cts',
  'server-wasm/kakao_channel.d.cts',
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

// Without binaryen's wasm-opt on PATH, wasm-pack would try to download one (which fails on a
// machine without general internet): say what to run instead.
if (!existsSync(join(root, 'node_modules', '.bin', 'wasm-opt'))) {
  console.error('build: node_modules/.bin/wasm-opt (npm package `binaryen`) is missing: run `npm run build` (it sets up first) or `bash scripts/setup.sh`.');
  process.exit(1);
}

/**
 * The browser module's build settings: the nightly toolchain rebuilds std for it
 * (`-Zbuild-std`) with `panic=immediate-abort`, which drops std's panic and formatting machinery
 * (README "Performance" lists what it saves). Its own target directory, so the stable server build
 * and the lint runs never invalidate it. No fallback to a stable build: a missing piece fails here.
 */
function nightlyBrowserBuild() {
  const missing = [];
  try {
    execFileSync('rustup', ['run', 'nightly', 'rustc', '--version'], { env, stdio: 'pipe' });
    const components = execFileSync('rustup', ['component', 'list', '--installed', '--toolchain', 'nightly'], { env, encoding: 'utf8' });
    if (!/^rust-src\b/m.test(components)) missing.push('rust-src for nightly');
    const targets = execFileSync('rustup', ['+nightly', 'target', 'list', '--installed'], { env, encoding: 'utf8' });
    if (!/^wasm32-unknown-unknown$/m.test(targets)) missing.push('the wasm32-unknown-unknown target for nightly');
  } catch {
    missing.push('the nightly toolchain');
  }
  if (missing.length) {
    console.error(`build: the browser module is built with nightly -Zbuild-std; missing ${missing.join(', ')}. Run \`bash scripts/setup.sh\` (it installs them).`);
    process.exit(1);
  }
  return {
    cargoArgs: [],
    env: {
      ...env,
      // `-Zbuild-std=std,panic_abort`, as cargo's environment form (wasm-pack mistakes a `-Z`
      // after `--` for the crate path).
      CARGO_UNSTABLE_BUILD_STD: 'std,panic_abort',
      RUSTUP_TOOLCHAIN: 'nightly',
      // `-Zlocation-detail=none`: no file names and line numbers for panic locations (nothing
      // prints them under immediate-abort): −403 B gzip measured.
      RUSTFLAGS: '-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none',
      CARGO_TARGET_DIR: join(root, 'target', 'wasm-nightly'),
    },
  };
}

/** One wasm-pack build into dist/<dir> with the given cargo features. */
function wasmPack(dir, features, settings = { cargoArgs: [], env }) {
  const args = ['build', '--release', '--target', 'web', '--out-dir', relative(root, join(dist, dir)), '--out-name', 'kakao_channel', '--no-pack'];
  const cargoArgs = [...settings.cargoArgs];
  if (features.length) cargoArgs.push('--features', features.join(','));
  if (cargoArgs.length) args.push('--', ...cargoArgs);
  execFileSync('wasm-pack', args, { cwd: root, stdio: 'inherit', env: settings.env });
  // wasm-pack's own package files would shadow ours; its .gitignore (`*`) would empty the tarball.
  for (const f of ['.gitignore', 'package.json', 'README.md', 'LICENSE', 'LICENSE_APACHE', 'LICENSE_MIT']) {
    rmSync(join(dist, dir, f), { force: true });
  }
}

/**
 * wasm-opt runs with `-g` (Cargo.toml), so wasm-pack's module keeps its `name` section: the copy
 * with names goes to `keepNamesAt` (when given) and the shipped module loses that section alone,
 * every other byte as wasm-opt wrote it (the same module a build without `-g` gives).
 */
function stripNames(dir, keepNamesAt) {
  const path = join(dist, dir, 'kakao_channel_bg.wasm');
  const bytes = readFileSync(path);
  if (keepNamesAt) {
    mkdirSync(dirname(keepNamesAt), { recursive: true });
    writeFileSync(keepNamesAt, bytes);
  }
  writeFileSync(path, withoutCustomSection(bytes, 'name'));
}

/** Short names: `a`, `b`, …, `z`, `A`, …, `Z`, `a0`, … (a base-52/62 count, never a JS keyword). */
function shortName(i) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const digits = `${letters}0123456789`;
  let name = letters[i % 52];
  for (let n = Math.floor(i / 52); n > 0; n = Math.floor((n - 1) / 62)) name += digits[(n - 1) % 62];
  return name;
}

/**
 * Short names for what only the glue sees: the browser module's imports (wasm-bindgen names each
 * `__wbg_<method>_<16 hex digits>`, written once in the wasm and once in the glue's import object)
 * and its internal exports: closure calls (`wasm_bindgen_<hash>___convert__closures…`, up to 300
 * characters) and the runtime's (`__wbindgen_malloc`, `__externref_table_alloc`, …). Both sides
 * are renamed together; each name must appear in the glue exactly where expected, or the build
 * fails (a wasm-bindgen that writes its glue differently is caught here).
 */
function shortenGlueNames(dir) {
  const wasmPath = join(dist, dir, 'kakao_channel_bg.wasm');
  const gluePath = join(dist, dir, 'kakao_channel.js');
  const typesPath = join(dist, dir, 'kakao_channel_bg.wasm.d.ts');
  let glue = readFileSync(gluePath, 'utf8');
  let types = readFileSync(typesPath, 'utf8');
  const count = (text, pattern) => [...text.matchAll(pattern)].length;
  const module = './kakao_channel_bg.js';
  let next = 0;
  const renamed = renameImports(readFileSync(wasmPath), (from, name) => {
    if (from !== module || !/^\w+$/.test(name)) throw new Error(`build: unexpected wasm import ${from} ${name}`);
    const key = new RegExp(`(?<![\\w$])${name}: function\\b`, 'g');
    if (count(glue, key) !== 1 || count(glue, new RegExp(`(?<![\\w$])${name}(?![\\w$])`, 'g')) !== 1) {
      throw new Error(`build: the glue does not name the import ${name} once as an import-object key`);
    }
    const short = shortName(next++);
    glue = glue.replace(key, `${short}: function`);
    return ['a', short];
  });
  const moduleKey = `"${module}": import0`;
  if (glue.split(moduleKey).length !== 2) throw new Error("build: the glue's import object changed");
  glue = glue.replace(moduleKey, '"a": import0');
  const internal = exportNames(renamed).filter((name) => /^wasm_bindgen_[0-9a-f]{16}___convert__closures|^__(?:wbindgen|externref)_\w+$/.test(name));
  const exportRenames = new Map(internal.map((name, i) => [name, `c${shortName(i)}`]));
  const taken = new Set(exportNames(renamed));
  if ([...exportRenames.values()].some((to) => taken.has(to))) throw new Error('build: a short export name is taken');
  for (const [from, to] of exportRenames) {
    const uses = new RegExp(`(?<=\\bwasm\\.)${from}(?![\\w$])`, 'g');
    if (!count(glue, uses)) throw new Error(`build: the glue never calls the export ${from}`);
    glue = glue.replace(uses, to);
    types = types.replace(new RegExp(`\\b${from}(?![\\w$])`, 'g'), to);
  }
  writeFileSync(wasmPath, renameExports(renamed, (name) => exportRenames.get(name) ?? name));
  writeFileSync(gluePath, glue);
  writeFileSync(typesPath, types);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// What browsers download: no server exports; nightly + build-std.
wasmPack('wasm', [], nightlyBrowserBuild());
shortenGlueNames('wasm');
stripNames('wasm', NAMES_KEPT);
// What `kakao-channel/server` loads in Node.
wasmPack('server-wasm', ['server']);
stripNames('server-wasm');
for (const f of JS_FILES) copyFileSync(join(root, 'js', f), join(dist, f));

// The server entry's wasm as a JavaScript module (base64): bundlers carry code into server
// builds, Next.js's `output: 'standalone'` included, where a .wasm read by path goes missing once
// the build is moved (js/server.js). CommonJS, so the ESM entry and the CommonJS build share it.
const serverWasm = readFileSync(join(dist, 'server-wasm', 'kakao_channel_bg.wasm'));
writeFileSync(
  join(dist, 'server-wasm', 'wasm-bytes.cjs'),
  `// Generated by scripts/build.mjs: kakao_channel_bg.wasm of kakao-channel/server, base64.\nmodule.exports = ${JSON.stringify(serverWasm.toString('base64'))};\n`,
);

// The server glue's fallback `new URL('kakao_channel_bg.wasm', import.meta.url)` (never used: the
// entry passes the bytes) makes bundlers emit the server wasm as an asset, Turbopack into the
// public .next/static/media/: no server code may reach public files, so the fallback goes.
const serverGlue = join(dist, 'server-wasm', 'kakao_channel.js');
const glue = readFileSync(serverGlue, 'utf8');
const fallback = "module_or_path = new URL('kakao_channel_bg.wasm', import.meta.url);";
if (!glue.includes(fallback)) throw new Error('the server glue changed: its default wasm URL was not found (scripts/build.mjs)');
writeFileSync(serverGlue, glue.replace(fallback, "throw new Error('kakao-channel/server instantiates its wasm with initSync');"));

// wasm-bindgen declares `[Symbol.dispose]()` on exported classes (KakaoChannelAdmin), a type
// that only exists with `lib: esnext`; projects on es2022 without skipLibCheck would fail to
// type-check. The method itself stays at run time where Symbol.dispose exists; `free()` is typed.
const serverTypes = join(dist, 'server-wasm', 'kakao_channel.d.ts');
writeFileSync(serverTypes, readFileSync(serverTypes, 'utf8').replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, ''));
writeFileSync(join(dist, 'server-wasm', 'kakao_channel.d.cts'), readFileSync(serverTypes, 'utf8').replaceAll("'../errors.js'", "'../errors.cjs'"));

// The wasm module imports js/errors.js as a snippet; dist/errors.js (generated, not a copy)
// re-exports that very module, so `instanceof KakaoChannelError` sees one class whichever side
// created the error.
const snippets = readdirSync(join(dist, 'wasm', 'snippets'));
if (snippets.length !== 1) throw new Error(`expected one snippet directory, found ${snippets}`);
const snippetDir = `wasm/snippets/${snippets[0]}/js`;
writeFileSync(join(dist, 'errors.js'), `export { KakaoChannelError, isKakaoChannelError } from './${snippetDir}/errors.js';\n`);

// `require('kakao-channel/server')`: a CommonJS build of the server entry (one file, the wasm
// bytes shared with the ESM entry), and its types as .d.cts copies, for TypeScript projects on
// `module: commonjs` (TS1479 otherwise) and Node's require.
const { build } = await import('esbuild');
await build({
  entryPoints: [join(dist, 'server.js')],
  outfile: join(dist, 'server.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['./server-wasm/wasm-bytes.cjs'],
  // The glue's `new URL('kakao_channel_bg.wasm', import.meta.url)` default is never reached:
  // the entry passes the bytes to initSync.
  logOverride: { 'empty-import-meta': 'silent' },
  banner: { js: '// kakao-channel/server, CommonJS build (generated from server.js by scripts/build.mjs).' },
  logLevel: 'warning',
});
const cts = (text) => text.replaceAll("'./server-wasm/kakao_channel.js'", "'./server-wasm/kakao_channel.cjs'").replaceAll("'./errors.js'", "'./errors.cjs'");
writeFileSync(join(dist, 'server.d.cts'), cts(readFileSync(join(dist, 'server.d.ts'), 'utf8')));
copyFileSync(join(dist, 'errors.d.ts'), join(dist, 'errors.d.cts'));

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
