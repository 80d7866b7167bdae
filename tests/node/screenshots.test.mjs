// The READMEs' pictures are the ones scripts/screenshots.mjs makes: every one is shown, none
// other is, each exists and stays under 200 KB (a PNG, by its signature).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IMAGE_DIR, IMAGES, MAX_BYTES } from '../../scripts/screenshots.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const READMES = ['README.md', 'README.ko.md'].filter((f) => existsSync(root + f));

test('the README shows exactly the pictures the screenshot script makes, each a small PNG', () => {
  assert.ok(READMES.includes('README.md'));
  for (const readme of READMES) {
    const text = readFileSync(root + readme, 'utf8');
    const shown = [...text.matchAll(/\]\((docs\/images\/[^)\s]+)\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(shown)].sort(), IMAGES.map((f) => `${IMAGE_DIR}/${f}`).sort(), readme);
  }
  for (const name of IMAGES) {
    const file = `${root}${IMAGE_DIR}/${name}`;
    assert.ok(existsSync(file), `${name}: run npm run screenshots`);
    assert.ok(statSync(file).size <= MAX_BYTES, `${name} is over ${MAX_BYTES} B`);
    assert.deepEqual([...readFileSync(file).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${name} is a PNG`);
  }
});
