// The README's React, Next.js and Vue recipes are the test apps of tests/apps/ (which
// tests/apps/run.test.mjs builds and drives in Chromium): each block shows its file unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

const RECIPES = [
  ['tsx', 'vite-react', 'src/main.tsx'],
  ['tsx', 'vite-react', 'src/App.tsx'],
  ['tsx', 'next', 'app/layout.tsx'],
  ['tsx', 'next', 'app/page.tsx'],
  ['tsx', 'next', 'app/follow-panel.tsx'],
  ['ts', 'next', 'app/api/kakao/webhook/route.ts'],
  ['ts', 'vite-vue', 'src/app.ts'],
  ['vue', 'vite-vue', 'src/App.vue'],
];

for (const [lang, app, file] of RECIPES) {
  test(`README shows tests/apps/${app}/${file} verbatim`, () => {
    const code = readFileSync(new URL(`../apps/${app}/${file}`, import.meta.url), 'utf8').trimEnd();
    const label = lang === 'vue' ? `<!-- ${file} -->` : `// ${file}`;
    assert.ok(readme.includes(`\`\`\`${lang}\n${label}\n${code}\n\`\`\``), `README.md must embed tests/apps/${app}/${file} unchanged, under ${label}`);
  });
}
