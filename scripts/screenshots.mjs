// The README's pictures, made from the real demo (the built package against the local fake Kakao)
// in headless Chromium: the demo in Korean and in English, and the rendered buttons. Run it again
// after a change to the demo or the buttons; every PNG stays under 200 KB.
//
//   npm run screenshots     (sets up and builds first)
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tests/browser/harness.mjs';
import { startDemo } from './demo-server.mjs';
import { ensureDist } from './ensure-dist.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const IMAGE_DIR = 'docs/images';
/** Every picture this script makes (the READMEs show these and only these). */
export const IMAGES = ['demo-ko.png', 'demo-en.png', 'buttons-ko.png', 'buttons-en.png'];
export const MAX_BYTES = 200 * 1024;

async function main() {
  ensureDist();
  const out = join(root, IMAGE_DIR);
  mkdirSync(out, { recursive: true });
  const demo = await startDemo({ port: 0 });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (const lang of ['ko', 'en']) {
      const context = await browser.newContext({ viewport: { width: 820, height: 720 }, locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
      const page = await context.newPage();
      await page.goto(`${demo.url}?lang=${lang}`);
      await page.waitForSelector(`body[data-ready="true"][data-lang="${lang}"]`, { timeout: 15_000 });
      // A result in each of the first sections, as a visitor would see after a few clicks.
      await page.click('#parse-form button');
      await page.click('[data-testid=check-button]');
      await page.waitForSelector('[data-testid=relations]');
      // The fake server's port changes every run: show a stable placeholder instead.
      await page.evaluate(() => (document.getElementById('fake-url').textContent = 'http://127.0.0.1:…'));
      await page.screenshot({ path: join(out, `demo-${lang}.png`), clip: { x: 0, y: 0, width: 820, height: 720 } });
      await page.locator('#buttons-title').scrollIntoViewIfNeeded();
      await page.locator('section[aria-labelledby=buttons-title]').screenshot({ path: join(out, `buttons-${lang}.png`) });
      await context.close();
    }
  } finally {
    await browser.close();
    await demo.close();
  }
  for (const name of IMAGES) {
    const size = statSync(join(out, name)).size;
    console.log(`${IMAGE_DIR}/${name}: ${size.toLocaleString('en')} B`);
    if (size > MAX_BYTES) throw new Error(`${name} is ${size} B, over ${MAX_BYTES} B: make the picture smaller`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
