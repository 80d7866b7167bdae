// The demo in Korean and English: the language follows the browser (or ?lang=), a switch changes
// every label and result message, the SDK's `lang` follows it, and Korean text really renders
// (screenshots compared pixel for pixel, so missing CJK fonts — tofu boxes — fail the test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { MESSAGES, pickLang } from '../../www/i18n.js';
import { useHarness } from './harness.mjs';

const h = useHarness();

/** Every [data-i18n] text of the page, with its key. */
function pageTexts(page) {
  return page.$$eval('[data-i18n]', (els) => els.map((e) => [e.dataset.i18n, e.textContent]));
}

/** The SDK's add link as the demo's SDK builds it now. */
function sdkLang(page) {
  return page.evaluate(async () => {
    const kc = await import('/dist/index.js');
    return new URL(kc.addChannelUrl({ channelPublicId: '_ZeUTxl' })).searchParams.get('lang');
  });
}

test('both dictionaries have the same keys, and the language is picked from ?lang= or the browser', () => {
  assert.deepEqual(Object.keys(MESSAGES.ko).sort(), Object.keys(MESSAGES.en).sort());
  for (const [key, text] of Object.entries(MESSAGES.ko)) assert.ok(text.trim(), `ko ${key}`);
  assert.equal(pickLang('', ['ko-KR', 'en-US']), 'ko');
  assert.equal(pickLang('', ['ja-JP', 'en-US']), 'en');
  assert.equal(pickLang('', ['fr-FR']), 'en');
  assert.equal(pickLang('?lang=ko', ['en-US']), 'ko');
  assert.equal(pickLang('?lang=xx', ['KO']), 'ko');
});

test('a Korean browser gets the Korean demo, the SDK in ko; the switch turns page, results and SDK to English', async () => {
  const demo = await h.openDemo({ locale: 'ko-KR' });
  try {
    const { page } = demo;
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    for (const [key, text] of await pageTexts(page)) assert.equal(text, MESSAGES.ko[key], key);
    assert.match(await page.textContent('[data-testid=status]'), /^SDK 준비 완료/);
    assert.equal(await page.getAttribute('#follow-token', 'placeholder'), MESSAGES.ko['follow.token']);
    assert.equal(await sdkLang(page), 'ko');
    await page.click('#parse-form button');
    assert.equal(await page.textContent('[data-testid=parse-result] .ok'), '채널 공개 ID: _ZeUTxl');

    await page.selectOption('[data-testid=lang-switch]', 'en');
    await page.waitForSelector('body[data-lang="en"]');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    for (const [key, text] of await pageTexts(page)) assert.equal(text, MESSAGES.en[key], key);
    assert.equal(await sdkLang(page), 'en');
    assert.equal(new URL(page.url()).searchParams.get('lang'), 'en');
    await page.click('#parse-form button');
    assert.equal(await page.textContent('[data-testid=parse-result] .ok'), 'Channel public ID: _ZeUTxl');
    // The fake server's URL survives the switch; the buttons are drawn again.
    assert.equal(await page.textContent('[data-testid=fake-url]'), h.demo.fakeUrl);
    assert.equal(await page.locator('#add-button-container a').count(), 1);
    assert.deepEqual(demo.errors.map(String), []);
  } finally {
    await demo.close();
  }
});

test('an English browser gets English; ?lang=ko overrides it', async () => {
  const demo = await h.openDemo({ locale: 'en-US' });
  try {
    assert.equal(await demo.page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await sdkLang(demo.page), 'en');
    await demo.page.goto(new URL('/www/?lang=ko', h.demo.url).href);
    await demo.page.waitForSelector('body[data-ready="true"]');
    assert.equal(await demo.page.textContent('#parse-title'), MESSAGES.ko['parse.title']);
    assert.equal(await sdkLang(demo.page), 'ko');
  } finally {
    await demo.close();
  }
});

test('Korean renders as Korean glyphs (not tofu), in screenshots of both languages', async () => {
  const demo = await h.openDemo({ locale: 'ko-KR', viewport: { width: 1000, height: 800 } });
  try {
    const { page } = demo;
    // Two different Korean words of the same length: with the CJK fonts their pictures differ;
    // without them both are rows of the same missing-glyph box and the pictures are identical.
    await page.evaluate(() => {
      for (const [id, text] of [['probe-a', '채널추가'], ['probe-b', '관계확인'], ['probe-c', '\u{10FFFD}\u{10FFFD}\u{10FFFD}\u{10FFFD}']]) {
        const span = document.createElement('span');
        span.id = id;
        span.textContent = text;
        span.style.cssText = 'display:inline-block;font-size:32px;padding:4px;background:#fff;color:#000;';
        document.body.prepend(span);
      }
    });
    const shot = (id) => page.locator(`#${id}`).screenshot();
    const [a, b, tofu] = [await shot('probe-a'), await shot('probe-b'), await shot('probe-c')];
    assert.ok(!a.equals(b), 'two Korean words look different (Korean glyphs were drawn)');
    assert.ok(!a.equals(tofu) && !b.equals(tofu), 'Korean does not look like missing glyphs');
    await page.evaluate(() => ['probe-a', 'probe-b', 'probe-c'].forEach((id) => document.getElementById(id).remove()));

    // The headings in each language: pictures of different text.
    mkdirSync('test-results', { recursive: true });
    const koTitle = await page.locator('#parse-title').screenshot();
    await page.screenshot({ path: 'test-results/demo-ko.png', fullPage: true });
    await page.selectOption('[data-testid=lang-switch]', 'en');
    await page.waitForSelector('body[data-lang="en"]');
    const enTitle = await page.locator('#parse-title').screenshot();
    await page.screenshot({ path: 'test-results/demo-en.png', fullPage: true });
    assert.ok(!koTitle.equals(enTitle), 'the heading changed with the language');
    // Back to Korean: the very same picture as before (rendering is deterministic).
    await page.selectOption('[data-testid=lang-switch]', 'ko');
    await page.waitForSelector('body[data-lang="ko"]');
    assert.ok(koTitle.equals(await page.locator('#parse-title').screenshot()), 'Korean heading renders the same again');
    assert.deepEqual(demo.errors.map(String), []);
  } finally {
    await demo.close();
  }
});
