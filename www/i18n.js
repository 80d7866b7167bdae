// The demo's words in Korean and English: every label, explanation and result message. The SDK's
// own error messages stay as the SDK writes them (English); their codes are the same everywhere.
export const LANGS = ['ko', 'en'];

export const MESSAGES = {
  ko: {
    title: 'kakao-channel 데모',
    'title.small': '데모',
    'lang.label': '언어',
    'status.loading': 'SDK를 불러오는 중…',
    'status.ready': 'SDK 준비 완료 (앱 키 {appKey}, 언어 {lang}).',
    intro:
      '이 페이지의 모든 호출은 <strong>로컬 가짜 카카오 서버</strong>(<code id="fake-url" data-testid="fake-url">…</code>)와 통신하므로 카카오 계정 없이도 동작합니다. 호출마다 결과나 오류의 <code>code</code>와 메시지를 보여 줍니다.',
    'parse.title': '1. 채널 ID 해석',
    'parse.help': '채널 URL이나 ID를 붙여 넣으세요: <code>https://pf.kakao.com/_ZeUTxl/chat</code>, <code>_Bxkd</code>, <code>@kakaochannel</code>…',
    'parse.input': '채널 URL 또는 ID',
    'parse.button': '해석',
    'parse.ok': '채널 공개 ID: {id}',
    'launch.title': '2. 채널 추가 / 1:1 채팅',
    'launch.help':
      '위 채널의 카카오 브리지 페이지를 클릭 즉시 팝업으로 엽니다 (팝업이 막히면 같은 탭에서 이동하고, 휴대폰에서는 카카오톡 앱으로 넘어갑니다).',
    'launch.add': '채널 추가',
    'launch.chat': '1:1 채팅',
    'launch.link': '일반 &lt;a href&gt; 링크',
    'launch.ok': '{via} 방식으로 열림: {url}',
    'rel.title': '3. 채널 관계 확인',
    'rel.help':
      '카카오 로그인 액세스 토큰으로 사용자가 채널을 <strong>ADDED</strong>(추가), <strong>BLOCKED</strong>(차단) 했는지, <strong>NONE</strong>(관계 없음)인지 확인합니다. 준비된 테스트 토큰을 써 보세요: 동의하지 않은 토큰은 <code>CONSENT_REQUIRED</code>가 됩니다.',
    'rel.tokens': '테스트 토큰…',
    'rel.token': '액세스 토큰',
    'rel.ids': '채널 ID',
    'rel.button': '관계 확인',
    'rel.asking': '카카오에 묻는 중…',
    'rel.ok': '사용자 {userId}: 채널 {count}개',
    'follow.title': '4. 채널 팔로우',
    'follow.help':
      '카카오가 권장하는 흐름: 채널 추가 화면을 띄우고 사용자가 한 일을 알려 줍니다 — <span class="badge success">success</span>(추가함), <span class="badge fail">fail</span>(취소함), <span class="badge closed">closed</span>(창을 닫음).',
    'follow.token': '액세스 토큰 (선택, 예: demo-token-added)',
    'follow.button': '채널 팔로우',
    'follow.waiting': '팔로우 창의 응답을 기다리는 중…',
    'buttons.title': '5. 카카오 스타일 버튼',
    'buttons.help':
      '<code>createAddChannelButton</code> / <code>createChatButton</code>은 카카오 이미지 버튼을 그립니다 (실제 <code>&lt;a href&gt;</code> 링크이고, 클릭하면 팝업으로 열립니다). <code>&lt;kakao-channel-button&gt;</code>은 코드 없이 같은 일을 합니다.',
    'buttons.drawn': '버튼을 그렸습니다',
    'buttons.cleanup': 'cleanup(): SDK 버튼을 모두 지웠습니다',
    'buttons.event': '버튼: {detail}',
    'log.title': '호출 기록',
  },
  en: {
    title: 'kakao-channel demo',
    'title.small': 'demo',
    'lang.label': 'Language',
    'status.loading': 'Loading the SDK…',
    'status.ready': 'SDK ready (app key {appKey}, language {lang}).',
    intro:
      'Everything on this page talks to a <strong>local fake Kakao server</strong> (<code id="fake-url" data-testid="fake-url">…</code>), so it works without a Kakao account. Each call shows its result, or its error <code>code</code> and message.',
    'parse.title': '1. Parse a channel ID',
    'parse.help': 'Paste a channel URL or ID: <code>https://pf.kakao.com/_ZeUTxl/chat</code>, <code>_Bxkd</code>, <code>@kakaochannel</code>…',
    'parse.input': 'Channel URL or ID',
    'parse.button': 'Parse',
    'parse.ok': 'Channel public ID: {id}',
    'launch.title': '2. Add the channel / start a 1:1 chat',
    'launch.help':
      "Opens Kakao's bridge page for the channel above in a popup, straight from the click (a blocked popup turns into a same-tab navigation; phones hand over to KakaoTalk).",
    'launch.add': 'Add channel',
    'launch.chat': '1:1 chat',
    'launch.link': 'plain &lt;a href&gt; link',
    'launch.ok': 'opened via {via}: {url}',
    'rel.title': '3. Check the relationship',
    'rel.help':
      'With a Kakao Login access token: has the user <strong>ADDED</strong>, <strong>BLOCKED</strong> or <strong>NONE</strong>? Try the fixture tokens: no consent gives <code>CONSENT_REQUIRED</code>.',
    'rel.tokens': 'Fixture tokens…',
    'rel.token': 'Access token',
    'rel.ids': 'Channel IDs',
    'rel.button': 'Check relationship',
    'rel.asking': 'Asking Kakao…',
    'rel.ok': 'user {userId}: {count} channel(s)',
    'follow.title': '4. Follow the channel',
    'follow.help':
      'Kakao\'s recommended flow: an add-channel screen that reports what the user did — <span class="badge success">success</span> (added), <span class="badge fail">fail</span> (cancelled) or <span class="badge closed">closed</span> (closed the window).',
    'follow.token': 'access token (optional, e.g. demo-token-added)',
    'follow.button': 'Follow channel',
    'follow.waiting': 'Waiting for the follow window…',
    'buttons.title': '5. Kakao-style buttons',
    'buttons.help':
      '<code>createAddChannelButton</code> / <code>createChatButton</code> render Kakao\'s image buttons (real <code>&lt;a href&gt;</code> links, upgraded to popups); <code>&lt;kakao-channel-button&gt;</code> does the same without code.',
    'buttons.drawn': 'buttons drawn',
    'buttons.cleanup': 'cleanup(): every SDK button removed',
    'buttons.event': 'button: {detail}',
    'log.title': 'Call log',
  },
};

/**
 * The demo's language: `?lang=ko|en` in the page URL, else the browser's first preferred language
 * that is Korean or English, else English.
 * @param {string} search  location.search
 * @param {readonly string[]} preferred  navigator.languages
 * @returns {'ko' | 'en'}
 */
export function pickLang(search, preferred) {
  const asked = new URLSearchParams(search).get('lang');
  if (LANGS.includes(asked)) return asked;
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (LANGS.includes(base)) return base;
  }
  return 'en';
}

/** `MESSAGES[lang][key]` with `{name}` replaced from `params`. */
export function translate(lang, key, params = {}) {
  const text = MESSAGES[lang][key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`));
}

/**
 * Writes `lang`'s words into the page: `data-i18n` (text), `data-i18n-html` (the dictionary's
 * own markup, never user input) and `data-i18n-attr="attr:key;…"` (placeholders, labels).
 */
export function applyLang(root, lang) {
  root.documentElement.lang = lang;
  root.title = translate(lang, 'title');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = translate(lang, el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-html]')) el.innerHTML = translate(lang, el.dataset.i18nHtml);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      el.setAttribute(attr, translate(lang, key));
    }
  }
}
