// The demo page: no framework. It loads the package itself (dist/, what `npm pack` ships).
import * as kc from '../dist/index.js';
import { applyLang, pickLang, translate } from './i18n.js';

/** The page's language ('ko' or 'en'); the SDK's `lang` follows it. */
let lang = pickLang(location.search, navigator.languages ?? [navigator.language]);
const t = (key, params) => translate(lang, key, params);
document.getElementById('status').textContent = t('status.loading');

const $ = (id) => document.getElementById(id);
const log = (text) => {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('log').prepend(li);
};

/** Shows a success line, or an error's code and message, in a result box. */
export function show(box, value, error) {
  box.replaceChildren();
  const line = document.createElement('span');
  if (error) {
    line.className = 'err';
    line.textContent = kc.isKakaoChannelError(error) ? error.code : String(error && error.name);
    line.dataset.code = error.code ?? '';
    const msg = document.createElement('span');
    msg.className = 'msg';
    msg.textContent = error.message;
    box.append(line, msg);
    log(`✗ ${line.textContent}: ${error.message}`);
  } else {
    line.className = 'ok';
    line.textContent = value;
    box.append(line);
    log(`✓ ${value}`);
  }
}

/** Runs `fn`, showing its result (or error) in `box`. */
export function run(box, fn, render = String) {
  try {
    const value = fn();
    show(box, render(value));
    return value;
  } catch (err) {
    show(box, null, err);
    return undefined;
  }
}

const config = await fetch('/demo-config.json').then((r) => r.json());
const fake = config.fakeKakao;
const hosts = { api: fake, auth: fake, pf: fake, apps: fake };

/** Shows the page in `next` and tells the SDK (init again with other options replaces them). */
async function useLang(next) {
  lang = next;
  applyLang(document, lang);
  $('lang-switch').value = lang;
  $('fake-url').textContent = fake;
  await kc.init({ appKey: config.appKey, lang, hosts });
  $('status').textContent = t('status.ready', { appKey: config.appKey, lang });
  document.body.dataset.lang = lang;
}
await useLang(lang);
$('lang-switch').addEventListener('change', async () => {
  await useLang($('lang-switch').value);
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(null, '', url);
  refreshLink();
  drawButtons();
});
document.body.dataset.ready = 'true';

const channel = () => $('channel-input').value;

function refreshLink() {
  try {
    $('add-link').href = kc.addChannelUrl({ channelPublicId: channel() });
    $('add-link').removeAttribute('aria-disabled');
  } catch {
    $('add-link').href = '#';
    $('add-link').setAttribute('aria-disabled', 'true');
  }
}

$('parse-form').addEventListener('submit', (event) => {
  event.preventDefault();
  run($('parse-result'), () => kc.parseChannelId(channel()), (id) => t('parse.ok', { id }));
  refreshLink();
});
$('channel-input').addEventListener('input', refreshLink);
refreshLink();

// add/chat run synchronously inside the click: no await before them, or the popup is blocked.
const launch = (fn) => () => run($('launch-result'), () => fn({ channelPublicId: channel() }), (r) => t('launch.ok', { via: r.via, url: r.url }));
$('add-button').addEventListener('click', launch(kc.addChannel));
$('chat-button').addEventListener('click', launch(kc.chat));

// 3. Relationship check, with the fake server's fixture tokens.
const fixture = await fetch(`${fake}/__fake/fixture`).then((r) => r.json());
for (const t of fixture.tokens) {
  const option = document.createElement('option');
  option.value = t.token;
  option.textContent = `${t.token} — ${t.label ?? ''}`;
  $('token-list').append(option);
}
$('token-list').addEventListener('change', () => ($('token-input').value = $('token-list').value));

$('relationship-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const box = $('relationship-result');
  box.textContent = t('rel.asking');
  const ids = $('ids-input').value.split(/[\s,]+/).filter(Boolean);
  try {
    const result = await kc.checkRelationship({ accessToken: $('token-input').value, channelPublicIds: ids.length ? ids : undefined });
    box.replaceChildren();
    const head = document.createElement('div');
    head.className = 'ok';
    head.textContent = t('rel.ok', { userId: result.userId, count: result.channels.length });
    const table = document.createElement('table');
    table.className = 'relations';
    table.dataset.testid = 'relations';
    for (const c of result.channels) {
      const row = table.insertRow();
      row.insertCell().textContent = c.channelPublicId;
      row.insertCell().textContent = c.channelUuid;
      const badge = document.createElement('span');
      badge.className = `badge ${c.relation}`;
      badge.textContent = c.relation;
      row.insertCell().append(badge);
      row.insertCell().textContent = c.updatedAt ?? '';
    }
    box.append(head, table);
    log(`✓ checkRelationship: ${result.channels.map((c) => `${c.channelPublicId}=${c.relation}`).join(', ') || 'no channels'}`);
  } catch (err) {
    show(box, null, err);
  }
});

// 4. followChannel: called synchronously inside the click (its window opens right away).
$('follow-button').addEventListener('click', () => {
  const box = $('follow-result');
  box.textContent = t('follow.waiting');
  const accessToken = $('follow-token').value.trim() || undefined;
  kc.followChannel({ channelPublicId: channel(), accessToken }).then(
    (result) => {
      box.replaceChildren();
      const badge = document.createElement('span');
      badge.className = `badge ${result.status}`;
      badge.dataset.status = result.status;
      badge.textContent = result.status;
      box.append(badge, ` ${result.channelPublicId}`);
      log(`✓ followChannel: ${result.status}`);
    },
    (err) => show(box, null, err),
  );
});

// 5. Kakao-style buttons and the custom element (action="follow" reports through events).
function drawButtons() {
  run($('buttons-result'), () => {
    $('add-button-container').replaceChildren();
    $('chat-button-container').replaceChildren();
    kc.createAddChannelButton({ container: 'add-button-container', channelPublicId: '_ZeUTxl', supportMultipleDensities: true });
    kc.createChatButton({ container: '#chat-button-container', channelPublicId: '_ZeUTxl' });
    return t('buttons.drawn');
  });
}
kc.defineChannelButton();
drawButtons();
$('cleanup-button').addEventListener('click', () => {
  kc.cleanup();
  show($('buttons-result'), t('buttons.cleanup'));
});
document.addEventListener('kakao-channel-result', (e) => show($('buttons-result'), t('buttons.event', { detail: JSON.stringify(e.detail) })));
document.addEventListener('kakao-channel-error', (e) => show($('buttons-result'), null, e.detail));

export { kc, config };
