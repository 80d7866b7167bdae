// Builds the API reference (static HTML, TypeDoc) from the published types in dist/: one module
// per entry (`kakao-channel`, `kakao-channel/server`, `kakao-channel/react`, `kakao-channel/vue`),
// with TypeDoc's validation on and every warning an error.
//
//   node scripts/docs.mjs              writes docs/api/ (open docs/api/index.html)
//   node scripts/docs.mjs --out DIR    writes DIR instead
//
// dist/ must exist (`npm run docs` runs scripts/ensure-dist.mjs first).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The package's entries, as users import them: [file in dist/, module name]. */
export const ENTRIES = [
  ['index.d.ts', 'kakao-channel'],
  ['server.d.ts', 'kakao-channel/server'],
  ['react.d.ts', 'kakao-channel/react'],
  ['vue.d.ts', 'kakao-channel/vue'],
];

/**
 * wasm-bindgen writes `free()` into the declaration of every exported Rust struct without a doc
 * comment, and nothing in the crate can give it one: its documentation is supplied here.
 */
const GENERATED_DOCS = {
  'KakaoChannelAdmin.free': {
    summary:
      'Releases the WebAssembly memory that holds this client (its key and settings). Optional: ' +
      'garbage collection releases it too. Do not use the client afterwards.',
    example: "const admin = new KakaoChannelAdmin({ adminKey: process.env.KAKAO_ADMIN_KEY! });\n" +
      "try {\n  await admin.checkRelationship({ userId: 1234567890 });\n} finally {\n  admin.free();\n}",
  },
};

/**
 * Builds the reference into `out` and returns TypeDoc's counts. Never throws for a documentation
 * problem: callers decide (the CLI exits 1, the test fails) on `errors + warnings > 0`.
 * @param {{ out?: string, log?: boolean }} [options] `log`: TypeDoc's progress too, not only its problems
 * @returns {Promise<{ out: string, errors: number, warnings: number, project: import('typedoc').ProjectReflection | undefined }>}
 */
export async function buildDocs({ out = join(root, 'docs', 'api'), log } = {}) {
  const td = await import('typedoc');
  for (const [file] of ENTRIES) {
    if (!existsSync(join(root, 'dist', file))) throw new Error(`dist/${file} is missing: run node scripts/ensure-dist.mjs first`);
  }
  const app = await td.Application.bootstrapWithPlugins({
    entryPoints: ENTRIES.map(([file]) => join(root, 'dist', file)),
    entryPointStrategy: 'resolve',
    out,
    name: 'kakao-channel',
    readme: 'none',
    tsconfig: join(root, 'scripts', 'docs.tsconfig.json'),
    // The declarations are dist/, which is not in the repository: no source links.
    disableSources: true,
    excludeInternal: true,
    excludePrivate: true,
    excludeExternals: true,
    includeVersion: true,
    validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: true, unusedMergeModuleWith: true },
    treatWarningsAsErrors: true,
    treatValidationWarningsAsErrors: true,
    githubPages: false,
    logLevel: log ? 'Info' : 'Warn',
  });

  app.converter.on(td.Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of context.project.getReflectionsByKind(td.ReflectionKind.Method)) {
      const docs = GENERATED_DOCS[`${reflection.parent?.name}.${reflection.name}`];
      const signature = reflection.signatures?.[0];
      if (!docs || !signature || signature.comment) continue;
      const { summary, example } = docs;
      signature.comment = new td.Comment(
        [{ kind: 'text', text: summary }],
        [new td.CommentTag('@example', [{ kind: 'code', text: '```ts\n' + example + '\n```' }])],
      );
    }
  });

  const project = await app.convert();
  if (project) {
    app.validate(project);
    if (app.logger.errorCount === 0 && app.logger.warningCount === 0) await app.generateDocs(project, out);
  }
  return { out, errors: app.logger.errorCount + (project ? 0 : 1), warnings: app.logger.warningCount, project };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  const { errors, warnings, out: dir } = await buildDocs({ out, log: true });
  console.error(`docs: ${errors} errors, ${warnings} warnings`);
  if (errors + warnings > 0) process.exit(1);
  console.error(`docs: wrote ${join(dir, 'index.html')}`);
}
