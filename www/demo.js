// The demo page: no framework, just the package's browser entry.
import * as kc from '../dist/index.js';

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
$('fake-url').textContent = fake;
await kc.init({ appKey: config.appKey, hosts: { api: fake, auth: fake, pf: fake, apps: fake } });
$('status').textContent = `SDK ready (app key ${config.appKey}).`;
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
  run($('parse-result'), () => kc.parseChannelId(channel()), (id) => `Channel public ID: ${id}`);
  refreshLink();
});
$('channel-input').addEventListener('input', refreshLink);
refreshLink();

// add/chat run synchronously inside the click: no await before them, or the popup is blocked.
const launch = (fn) => () => run($('launch-result'), () => fn({ channelPublicId: channel() }), (r) => `opened via ${r.via}: ${r.url}`);
$('add-button').addEventListener('click', launch(kc.addChannel));
$('chat-button').addEventListener('click', launch(kc.chat));

export { kc, config };
