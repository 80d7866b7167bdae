// Social-plugin buttons (createAddChannelButton, createChatButton, cleanup, <kakao-channel-button>)
// in headless Chromium, on the demo page (the one package build in dist/, initialised against the
// fake Kakao server, which also serves the button images). Clicks route as Kakao's SDK 2.7.4 does
// (kakao-protocol.md §10.2, §10.4): on this desktop user agent, a 350×510 popup; the phone and
// KakaoTalk routes are in launch.test.mjs.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from './harness.mjs';

const ADD_ALT = '카카오톡 채널 추가 버튼';
const CHAT_ALT = '카카오톡 채널 1:1 채팅 버튼';
const h = useHarness();
let images;
beforeEach(async () => {
  images = `${h.demo.fakeUrl}/assets/img/about/logos/channel/`;
  await h.page.evaluate(() => {
    document.getElementById('button-test-area')?.remove();
    const area = document.createElement('div');
    area.id = 'button-test-area';
    document.body.prepend(area);
    window.buttonEvents = [];
    for (const type of ['kakao-channel-result', 'kakao-channel-error']) {
      area.addEventListener(type, (e) => window.buttonEvents.push({ type, target: e.target.tagName, detail: e.detail, code: e.detail && e.detail.code }));
    }
  });
});

/** Adds `<div id>` with `data-*` attributes to the test area. */
function container(id, data = {}) {
  return h.page.evaluate(
    ([id, data]) => {
      const div = document.createElement('div');
      div.id = id;
      Object.assign(div.dataset, data);
      document.getElementById('button-test-area').append(div);
    },
    [id, data],
  );
}

/** The buttons in `selector`, as data. */
function buttons(selector) {
  return h.page.$$eval(`${selector} a`, (anchors) =>
    anchors.map((a) => {
      const img = a.querySelector('img');
      return {
        href: a.getAttribute('href'),
        className: a.className,
        kind: a.dataset.kakaoChannelButton,
        src: img.getAttribute('src'),
        srcset: img.getAttribute('srcset'),
        alt: img.alt,
        title: img.title,
        children: a.children.length,
      };
    }),
  );
}

/** Clicks `selector` for real and returns the popup's URL once it loaded. */
async function clickForPopup(selector) {
  const [popup] = await Promise.all([h.page.waitForEvent('popup'), h.page.click(selector)]);
  await popup.waitForLoadState();
  const url = popup.url();
  await popup.close();
  return url;
}

/** Fails if a popup opens within `ms`. */
async function noPopup(action, ms = 700) {
  let opened = null;
  const onPage = (p) => (opened = p.url());
  h.context.on('page', onPage);
  await action();
  await new Promise((r) => setTimeout(r, ms));
  h.context.off('page', onPage);
  assert.equal(opened, null, `a window opened: ${opened}`);
}

test('before init nothing is registered and everything throws NOT_INITIALIZED; define registers once', async () => {
  const page = await h.context.newPage();
  try {
    // A bare HTML page on the demo's origin: the package is imported but nothing else runs.
    const blank = new URL('/blank-for-buttons-test', h.demo.url).href;
    await page.route(blank, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title><body></body>' }));
    await page.goto(blank);
    const result = await page.evaluate(async () => {
      const kc = await import('/dist/index.js');
      const code = (fn) => {
        try {
          fn();
          return 'no error';
        } catch (e) {
          return e.code;
        }
      };
      document.body.innerHTML = '<div id="c"></div><kakao-channel-button channel-id="_ZeUTxl"></kakao-channel-button>';
      const out = { importedDefines: customElements.get('kakao-channel-button') === undefined };
      out.beforeInit = [
        code(() => kc.createAddChannelButton({ container: 'c', channelPublicId: '_ZeUTxl' })),
        code(() => kc.createChatButton({ container: 'c', channelPublicId: '_ZeUTxl' })),
        code(() => kc.cleanup()),
        code(() => kc.defineChannelButton()),
      ];
      // Without customElements (SSR-like) defining is a silent no-op, even before init.
      const registry = Object.getOwnPropertyDescriptor(window, 'customElements');
      Object.defineProperty(window, 'customElements', { value: undefined, configurable: true });
      out.withoutRegistry = code(() => kc.defineChannelButton());
      Object.defineProperty(window, 'customElements', registry);
      const config = await fetch('/demo-config.json').then((r) => r.json());
      const fake = config.fakeKakao;
      await kc.init({ appKey: config.appKey, hosts: { api: fake, auth: fake, pf: fake, apps: fake } });
      out.afterInit = customElements.get('kakao-channel-button') === undefined && document.querySelectorAll('a').length === 0;
      kc.defineChannelButton();
      const defined = customElements.get('kakao-channel-button');
      kc.defineChannelButton();
      out.idempotent = customElements.get('kakao-channel-button') === defined && defined !== undefined;
      out.upgraded = document.querySelectorAll('kakao-channel-button a.kakao-channel-button').length;
      return out;
    });
    assert.deepEqual(result, {
      importedDefines: true,
      beforeInit: ['NOT_INITIALIZED', 'NOT_INITIALIZED', 'NOT_INITIALIZED', 'NOT_INITIALIZED'],
      withoutRegistry: 'no error',
      afterInit: true,
      idempotent: true,
      upgraded: 1,
    });
  } finally {
    await page.close();
  }
});

test('both buttons: exact markup, links equal addChannelUrl / chatChannelUrl, images load', async () => {
  await container('btn-a');
  const { value, error } = await h.call((kc) => {
    kc.createAddChannelButton({ container: 'btn-a', channelPublicId: 'https://pf.kakao.com/_ZeUTxl' });
    kc.createChatButton({ container: '#btn-a', channelPublicId: '_ZeUTxl' });
    kc.createChatButton({
      container: document.getElementById('btn-a'),
      channelPublicId: '_Bxkd',
      size: 'large',
      color: 'mono',
      shape: 'mobile',
      title: 'question',
      supportMultipleDensities: true,
      lang: 'en',
    });
    kc.createAddChannelButton({ container: 'btn-a', channelPublicId: '_RQxl', size: 'large', supportMultipleDensities: 'true', lang: 'ja' });
    return [
      kc.addChannelUrl({ channelPublicId: '_ZeUTxl' }),
      kc.chatChannelUrl({ channelPublicId: '_ZeUTxl' }),
      kc.chatChannelUrl({ channelPublicId: '_Bxkd', lang: 'en' }),
      kc.addChannelUrl({ channelPublicId: '_RQxl', lang: 'ja' }),
    ];
  });
  assert.equal(error, undefined, error && error.message);
  const [addUrl, chatUrl, chatEnUrl, addJaUrl] = value;
  // Kakao's order: api_ver, kakao_agent, app_key, referer.
  assert.match(addUrl, new RegExp(`^${h.demo.fakeUrl}/_ZeUTxl/friend\\?api_ver=1\\.1&kakao_agent=[^&]+&app_key=demo-javascript-key&referer=`));
  const common = { className: 'kakao-channel-button', children: 1 };
  assert.deepEqual(await buttons('#btn-a'), [
      { ...common, href: addUrl, kind: 'add', src: `${images}friendadd_small_yellow_rect.png`, srcset: null, alt: ADD_ALT, title: ADD_ALT },
      { ...common, href: chatUrl, kind: 'chat', src: `${images}consult_small_yellow_pc.png`, srcset: null, alt: CHAT_ALT, title: CHAT_ALT },
      {
        ...common,
        href: chatEnUrl,
        kind: 'chat',
        src: `${images}question_large_mono_mobile.png`,
        srcset: `${images}question_large_mono_mobile_2X.png 2x, ${images}question_large_mono_mobile_3X.png 3x`,
        alt: CHAT_ALT,
        title: CHAT_ALT,
      },
      {
        ...common,
        href: addJaUrl,
        kind: 'add',
        src: `${images}friendadd_large_yellow_rect.png`,
        srcset: `${images}friendadd_large_yellow_rect_2X.png 2x, ${images}friendadd_large_yellow_rect_3X.png 3x`,
        alt: ADD_ALT,
        title: ADD_ALT,
      },
  ]);
  // The fake server's images load (an SVG at the 1x size, whatever density srcset picked).
  const sizes = await h.page.$$eval('#btn-a img', (imgs) =>
    Promise.all(imgs.map((img) => img.decode().then(() => [img.naturalWidth, img.naturalHeight]))),
  );
  assert.deepEqual(sizes, [[120, 30], [150, 30], [90, 45], [180, 45]]);
});

test('a real click opens the popup at the link, in the click; the page stays', async () => {
  await container('btn-b');
  const { value } = await h.call((kc) => {
    kc.createAddChannelButton({ container: 'btn-b', channelPublicId: '_ZeUTxl' });
    kc.createChatButton({ container: 'btn-b', channelPublicId: '_ZeUTxl', lang: 'en' });
    return [...document.querySelectorAll('#btn-b a')].map((a) => a.href);
  });
  const before = h.page.url();
  await h.page.evaluate(() => {
    window.__realOpen ??= window.open;
    window.__opens = [];
    window.open = function (...args) {
      window.__opens.push(args);
      return window.__realOpen.apply(this, args);
    };
  });
  try {
    assert.equal(await clickForPopup('#btn-b a[data-kakao-channel-button=add]'), value[0]);
    assert.equal(await clickForPopup('#btn-b a[data-kakao-channel-button=chat]'), value[1]);
  } finally {
    const opens = await h.page.evaluate(() => {
      window.open = window.__realOpen;
      return window.__opens;
    });
    // Kakao's window names; 350×510 centred on the screen (screen.width / 2 − 175 + screenX, …).
    const features = await h.page.evaluate(
      () => `width=350,height=510,left=${Math.round(screen.width / 2 - 175 + screenX)},top=${Math.round(screen.height / 2 - 255 + screenY)},scrollbars=yes,resizable=1`,
    );
    assert.deepEqual(opens, [
      [value[0], 'channel_add_social_plugin', features],
      [value[1], 'channel_chat_social_plugin', features],
    ]);
  }
  assert.equal(h.page.url(), before, 'preventDefault: this tab did not navigate');
  const events = await h.page.evaluate(() => window.buttonEvents);
  assert.deepEqual(
    events.map((e) => [e.type, e.target, e.detail.via, e.detail.url]),
    [
      ['kakao-channel-result', 'A', 'popup', value[0]],
      ['kakao-channel-result', 'A', 'popup', value[1]],
    ],
  );
});

test('data- attributes override the options, "true"/"false" strings are booleans', async () => {
  await container('btn-c', {
    channelPublicId: '_Bxkd',
    size: 'large',
    supportMultipleDensities: 'true',
    color: 'mono',
    shape: 'mobile',
    title: 'question',
    lang: 'ja',
  });
  await container('btn-d', { supportMultipleDensities: 'false', size: 'small' });
  const { value, error } = await h.call((kc) => {
    kc.createChatButton({ container: 'btn-c', channelPublicId: '_ZeUTxl', size: 'small', supportMultipleDensities: false, color: 'yellow', lang: 'en' });
    kc.createAddChannelButton({ container: 'btn-d', channelPublicId: '_ZeUTxl', size: 'large', supportMultipleDensities: true });
    return [kc.chatChannelUrl({ channelPublicId: '_Bxkd', lang: 'ja' }), kc.addChannelUrl({ channelPublicId: '_ZeUTxl' })];
  });
  assert.equal(error, undefined, error && error.message);
  const [chat] = await buttons('#btn-c');
  assert.equal(chat.href, value[0]);
  assert.equal(chat.src, `${images}question_large_mono_mobile.png`);
  assert.equal(chat.srcset, `${images}question_large_mono_mobile_2X.png 2x, ${images}question_large_mono_mobile_3X.png 3x`);
  const [add] = await buttons('#btn-d');
  assert.equal(add.href, value[1]);
  assert.equal(add.src, `${images}friendadd_small_yellow_rect.png`);
  assert.equal(add.srcset, null);
  // The channel may come from the attribute alone.
  await container('btn-e', { channelPublicId: 'https://pf.kakao.com/_RQxl' });
  const only = await h.call((kc) => {
    kc.createAddChannelButton({ container: 'btn-e' });
    return kc.addChannelUrl({ channelPublicId: '_RQxl' });
  });
  assert.equal((await buttons('#btn-e'))[0].href, only.value);
});

test('bad containers and options throw the documented codes and add nothing', async () => {
  await container('btn-f');
  await container('btn-g', { size: 'huge' });
  const cases = [
    ['add', { channelPublicId: '_ZeUTxl' }, 'INVALID_ARGUMENT', /container is required/],
    ['add', { container: 'no-such-element', channelPublicId: '_ZeUTxl' }, 'INVALID_ARGUMENT', /no element has the id "no-such-element"/],
    ['chat', { container: '#no-such-element', channelPublicId: '_ZeUTxl' }, 'INVALID_ARGUMENT', /no element has the id "#no-such-element"/],
    ['add', { container: 42, channelPublicId: '_ZeUTxl' }, 'INVALID_ARGUMENT', /container is not an element/],
    ['add', null, 'INVALID_ARGUMENT', /options object/],
    ['add', { container: 'btn-f', channelPublicId: '_ZeUTxl', size: 'huge' }, 'INVALID_ARGUMENT', /size must be 'small' or 'large', not "huge"/],
    ['chat', { container: 'btn-f', channelPublicId: '_ZeUTxl', color: 'black' }, 'INVALID_ARGUMENT', /color must be 'yellow' or 'mono'/],
    ['chat', { container: 'btn-f', channelPublicId: '_ZeUTxl', shape: 'round' }, 'INVALID_ARGUMENT', /shape/],
    ['chat', { container: 'btn-f', channelPublicId: '_ZeUTxl', title: 'hello' }, 'INVALID_ARGUMENT', /title/],
    ['chat', { container: 'btn-f', channelPublicId: '_ZeUTxl', lang: 'fr' }, 'INVALID_ARGUMENT', /lang must be 'ko', 'en' or 'ja'/],
    ['add', { container: 'btn-f', channelPublicId: '_ZeUTxl', supportMultipleDensities: 'yes' }, 'INVALID_ARGUMENT', /supportMultipleDensities must be true or false/],
    ['add', { container: 'btn-f', channelPublicId: '_ZeUTxl', supportMultipleDensities: 1 }, 'INVALID_ARGUMENT', /supportMultipleDensities must be a string/],
    ['add', { container: 'btn-g', channelPublicId: '_ZeUTxl', size: 'small' }, 'INVALID_ARGUMENT', /data-size must be/],
    ['add', { container: 'btn-f' }, 'INVALID_CHANNEL_ID', /channelPublicId \(or the container's data-channel-public-id\) is required/],
    ['add', { container: 'btn-f', channelPublicId: 'https://evil.example/_x' }, 'INVALID_CHANNEL_ID', /public ID/],
    ['chat', { container: 'btn-f', channelPublicId: '@brand' }, 'SEARCH_ID_NOT_SUPPORTED', /search ID/],
  ];
  for (const [kind, options, code, message] of cases) {
    const { error } = await h.call(
      (kc, [kind, options]) => (kind === 'add' ? kc.createAddChannelButton(options) : kc.createChatButton(options)),
      [kind, options],
    );
    assert.ok(error, `${JSON.stringify(options)}: expected an error`);
    assert.equal(error.isKakao, true);
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
  }
  assert.equal(await h.page.$$eval('#button-test-area a', (a) => a.length), 0);
});

test('cleanup() removes every button and its listener: clicks open nothing', async () => {
  await container('btn-h');
  await h.call((kc) => {
    // A fixed box: after cleanup() the same spot is this empty div, not the demo's content.
    document.getElementById('btn-h').style.cssText = 'width: 400px; height: 80px';
    kc.createAddChannelButton({ container: 'btn-h', channelPublicId: '_ZeUTxl' });
    kc.createChatButton({ container: 'btn-h', channelPublicId: '_ZeUTxl' });
    kc.defineChannelButton();
    document.getElementById('btn-h').insertAdjacentHTML('afterend', '<kakao-channel-button id="el-h" channel-id="_ZeUTxl"></kakao-channel-button>');
    window.removedButtons = [...document.querySelectorAll('.kakao-channel-button')];
  });
  const box = await h.page.$eval('#btn-h a', (a) => {
    const r = a.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  assert.ok((await h.page.evaluate(() => window.removedButtons.length)) >= 3);
  const { error } = await h.call((kc) => kc.cleanup());
  assert.equal(error, undefined);
  assert.equal(await h.page.$$eval('.kakao-channel-button', (a) => a.length), 0);
  assert.equal(await h.page.$$eval('#el-h', (e) => e.length), 1, 'the custom element itself stays');
  const before = h.page.url();
  await noPopup(() => h.page.mouse.click(box.x, box.y));
  assert.equal(h.page.url(), before);
  // The removed anchors have no listener any more.
  await noPopup(() =>
    h.page.evaluate(() => {
      for (const a of window.removedButtons) {
        // Runs after any listener the SDK left (it would have called preventDefault), then
        // stops the link's own navigation.
        let prevented = null;
        a.addEventListener('click', (e) => {
          prevented = e.defaultPrevented;
          e.preventDefault();
        });
        a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
        if (prevented !== false) throw new Error('a listener is still attached');
      }
    }),
  );
  // cleanup() with nothing left is fine.
  assert.equal((await h.call((kc) => kc.cleanup())).error, undefined);
});

test('<kakao-channel-button>: renders from its attributes, opens the chat popup on click, follows changes', async () => {
  const { value } = await h.call((kc) => {
    kc.defineChannelButton();
    kc.defineChannelButton();
    document.getElementById('button-test-area').innerHTML =
      '<kakao-channel-button id="el-a" channel-id="_ZeUTxl" action="chat" size="large" color="mono" shape="mobile" title="question" lang="en" support-multiple-densities></kakao-channel-button>';
    return kc.chatChannelUrl({ channelPublicId: '_ZeUTxl', lang: 'en' });
  });
  const [button, ...rest] = await buttons('#el-a');
  assert.equal(rest.length, 0);
  assert.deepEqual(button, {
    href: value,
    className: 'kakao-channel-button',
    kind: 'chat',
    src: `${images}question_large_mono_mobile.png`,
    srcset: `${images}question_large_mono_mobile_2X.png 2x, ${images}question_large_mono_mobile_3X.png 3x`,
    alt: CHAT_ALT,
    title: CHAT_ALT,
    children: 1,
  });
  assert.equal(await clickForPopup('#el-a a'), value);
  const events = await h.page.evaluate(() => window.buttonEvents);
  assert.deepEqual(events.map((e) => [e.type, e.detail.via, e.detail.url]), [['kakao-channel-result', 'popup', value]]);

  // Attribute changes re-render (still one anchor); removal cleans up.
  await h.page.evaluate(() => {
    const el = document.getElementById('el-a');
    el.setAttribute('size', 'small');
    el.removeAttribute('support-multiple-densities');
  });
  const [small, ...none] = await buttons('#el-a');
  assert.equal(none.length, 0);
  assert.equal(small.src, `${images}question_small_mono_mobile.png`);
  assert.equal(small.srcset, null);
  const detached = await h.page.evaluate(() => {
    const el = document.getElementById('el-a');
    el.remove();
    return el.querySelectorAll('a').length;
  });
  assert.equal(detached, 0, 'disconnectedCallback removed the anchor');
});

test('<kakao-channel-button>: defaults, a custom tag name, and bad attributes as error events', async () => {
  await h.call((kc) => {
    kc.defineChannelButton();
    kc.defineChannelButton('my-channel-button');
    document.getElementById('button-test-area').innerHTML =
      '<my-channel-button id="el-b" channel-id="https://pf.kakao.com/_Bxkd"></my-channel-button>' +
      '<kakao-channel-button id="el-c" channel-id="_ZeUTxl" action="open"></kakao-channel-button>' +
      '<kakao-channel-button id="el-d" channel-id="@brand"></kakao-channel-button>' +
      '<kakao-channel-button id="el-e" channel-id="_ZeUTxl" size="huge"></kakao-channel-button>';
  });
  const add = await h.call((kc) => kc.addChannelUrl({ channelPublicId: '_Bxkd' }));
  const [button] = await buttons('#el-b');
  assert.equal(button.href, add.value);
  assert.equal(button.kind, 'add');
  assert.equal(button.src, `${images}friendadd_small_yellow_rect.png`);
  assert.equal(button.alt, ADD_ALT);
  assert.equal(await h.page.$$eval('#el-c a, #el-d a, #el-e a', (a) => a.length), 0);
  const events = await h.page.evaluate(() => window.buttonEvents.map((e) => [e.type, e.target, e.code, e.detail.message]));
  assert.deepEqual(
    events.map(([type, target, code]) => [type, target, code]),
    [
      ['kakao-channel-error', 'KAKAO-CHANNEL-BUTTON', 'INVALID_ARGUMENT'],
      ['kakao-channel-error', 'KAKAO-CHANNEL-BUTTON', 'SEARCH_ID_NOT_SUPPORTED'],
      ['kakao-channel-error', 'KAKAO-CHANNEL-BUTTON', 'INVALID_ARGUMENT'],
    ],
  );
  assert.match(events[0][3], /^<kakao-channel-button>: action must be 'add', 'chat' or 'follow'/);
  assert.match(events[2][3], /size must be 'small' or 'large', not "huge"/);
});

test('<kakao-channel-button action="follow">: opens the follow window in the click, reports the result', async () => {
  await h.control('POST', '/__fake/reset');
  await h.call((kc) => {
    kc.defineChannelButton();
    document.getElementById('button-test-area').innerHTML = '<kakao-channel-button id="el-f" channel-id="_ZeUTxl" action="follow"></kakao-channel-button>';
  });
  const add = await h.call((kc) => kc.addChannelUrl({ channelPublicId: '_ZeUTxl' }));
  const [button] = await buttons('#el-f');
  assert.equal(button.kind, 'follow');
  assert.equal(button.href, add.value, 'without JavaScript the link is the add page');
  assert.equal(button.alt, ADD_ALT);
  const [popup] = await Promise.all([h.page.waitForEvent('popup'), h.page.click('#el-f a')]);
  await popup.waitForLoadState();
  assert.equal(new URL(popup.url()).pathname, '/talk/channel/follow');
  await popup.click('#follow-add');
  await h.page.waitForFunction(() => window.buttonEvents.length > 0, null, { timeout: 10_000 });
  const events = await h.page.evaluate(() => window.buttonEvents);
  assert.deepEqual(
    events.map((e) => [e.type, e.target, e.detail.status, e.detail.channelPublicId]),
    [['kakao-channel-result', 'A', 'success', '_ZeUTxl']],
  );
});

test('no page errors along the way', () => {
  assert.deepEqual(h.errors.map(String), []);
});
