// Builds dist/ when it is missing, incomplete or older than its sources: the one place the npm
// scripts that read dist/ (size, bench, bench:server) decide whether to build first.
//
//   node scripts/ensure-dist.mjs            build only when needed
//   node scripts/ensure-dist.mjs --build    build in any case
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What the build reads: a change to any of these makes dist/ stale. */
const BUILD_INPUTS = ['src', 'core/src', 'core/Cargo.toml', 'Cargo.toml', 'Cargo.lock', 'js', 'scripts/build.mjs', 'scripts/wasm-sections.mjs'];
/** Files every complete build has (browser and server). */
export const DIST_FILES = ['index.js', 'ready.js', 'element.js', 'errors.js', 'wasm/kakao_channel.js', 'wasm/kakao_channel_bg.wasm', 'server.js', 'server-wasm/kakao_channel_bg.wasm'];

function newestMtime(path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(full).map((f) => newestMtime(join(path, f))));
}

/**
 * Runs `node scripts/build.mjs` when dist/ is missing, incomplete or older than its sources (or
 * always, with `force`). Progress goes to stderr. Returns what happened, for reports.
 * @param {{ force?: boolean, log?: (line: string) => void }} [options]
 * @returns {'up to date (not rebuilt)' | 'rebuilt by this run'}
 */
export function ensureDist({ force = false, log = (line) => console.error(line) } = {}) {
  const files = DIST_FILES.map((f) => join(root, 'dist', f));
  const complete = files.every((f) => existsSync(f));
  const built = complete ? Math.min(...files.map((f) => statSync(f).mtimeMs)) : 0;
  const sources = Math.max(...BUILD_INPUTS.map(newestMtime));
  if (!force && complete && built >= sources) {
    log('dist/ is up to date');
    return 'up to date (not rebuilt)';
  }
  log(`dist/ is ${complete ? 'older than its sources' : 'missing or incomplete'}${force ? ' (or a build was asked for)' : ''}: node scripts/build.mjs`);
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
  return 'rebuilt by this run';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureDist({ force: process.argv.includes('--build') });
}
