// What the React and Vue bindings (kakao-channel/react, kakao-channel/vue) share: one init per
// page, the page's init state, the buttons' links and images. Framework-neutral and SSR-safe:
// importing it touches no window, and nothing here runs the wasm module before init resolves.
//
// Why a little link building lives in JavaScript here: a server render (Next.js, Nuxt) and the
// first client render happen before the wasm module is loaded, and the wasm module cannot be used
// before init. So until init resolves, a button's href is `{pf}/{id}/friend` or `{pf}/{id}/chat`
// built below from a strict subset of what parseChannelId accepts (a bare `_id` or a
// pf.kakao.com URL; anything else gives no link), on the validated pf host. Once init resolved,
// every href comes from the entry's addChannelUrl / chatChannelUrl (Rust), bridge query included.
import * as kc from './index.js';
import { KakaoChannelError, isKakaoChannelError } from './errors.js';

const KAKAO_PF = 'https://pf.kakao.com';
const KAKAO_ASSETS = 'https://developers.kakao.com/assets/img/about/logos/channel/';
const ADD_ALT = '카카오톡 채널 추가 버튼';
const CHAT_ALT = '카카오톡 채널 1:1 채팅 버튼';
const BARE_ID = /^_[A-Za-z0-9]{1,31}$/;
const PF_URL = /^(?:https?:\/\/)?pf\.kakao\.com\/(_[A-Za-z0-9]{1,31})(?:[/?#][^]*)?$/i;

/** The entry's functions the hooks and composables hand out. @internal */
export const functions = Object.freeze({
  addChannel: kc.addChannel,
  chat: kc.chat,
  followChannel: kc.followChannel,
  checkRelationship: kc.checkRelationship,
  parseChannelId: kc.parseChannelId,
  safeParseChannelId: kc.safeParseChannelId,
  addChannelUrl: kc.addChannelUrl,
  chatChannelUrl: kc.chatChannelUrl,
});

/** `value` as a KakaoChannelError (a foreign throw becomes `wrapCode`). @internal */
export function asKakaoError(value, wrapCode = 'INVALID_ARGUMENT') {
  if (isKakaoChannelError(value)) return value;
  let what = 'unknown error';
  try {
    what = value instanceof Error ? value.message : String(value);
  } catch {
    // A hostile value whose toString throws: keep the generic text.
  }
  return new KakaoChannelError(wrapCode, `kakao-channel failed: ${what}`, { cause: value });
}

/** The channel ID of a bare `_id` or a pf.kakao.com URL, else null. Never throws. @internal */
export function preInitId(input) {
  if (typeof input !== 'string' || input.length > 2048) return null;
  const text = input.trim();
  if (BARE_ID.test(text)) return text;
  const m = PF_URL.exec(text);
  return m ? m[1] : null;
}

function isLoopback(host) {
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The pf host as `init` would accept it (https, or http on loopback; no credentials, query or
 * fragment), without a trailing slash; Kakao's when unset; null when invalid. @internal
 */
export function pfBase(pf) {
  if (pf === undefined || pf === null) return KAKAO_PF;
  if (typeof pf !== 'string') return null;
  let url;
  try {
    url = new URL(pf);
  } catch {
    return null;
  }
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  if (!ok || url.username || url.password || url.search || url.hash) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * A button's href: after init the entry's (Rust's) link, before it the bare bridge page. null
 * when the input is not a channel ID (render no link). Never throws. @internal
 */
export function buttonHref(kind, channelPublicId, lang, pf, ready) {
  if (ready) {
    try {
      const options = lang === undefined ? { channelPublicId } : { channelPublicId, lang };
      return kind === 'chat' ? kc.chatChannelUrl(options) : kc.addChannelUrl(options);
    } catch {
      return null;
    }
  }
  const id = preInitId(channelPublicId);
  const base = pfBase(pf);
  return id && base ? `${base}/${id}/${kind === 'chat' ? 'chat' : 'friend'}` : null;
}

function pick(value, choices) {
  return choices.includes(value) ? value : choices[0];
}

/**
 * The `<img>` attributes of Kakao's button image, as createAddChannelButton / createChatButton
 * draw it (images from Kakao, or from `{pf}/assets/…` when pf is not Kakao's). Unknown values
 * fall back to the defaults. @internal
 */
export function buttonImage(kind, props, pf) {
  const size = pick(props.size, ['small', 'large']);
  const name =
    kind === 'chat'
      ? `${pick(props.title, ['consult', 'question'])}_${size}_${pick(props.color, ['yellow', 'mono'])}_${pick(props.shape, ['pc', 'mobile'])}`
      : `friendadd_${size}_yellow_rect`;
  const base = pfBase(pf);
  const assets = !base || base === KAKAO_PF ? KAKAO_ASSETS : `${base}/assets/img/about/logos/channel/`;
  const alt = kind === 'chat' ? CHAT_ALT : ADD_ALT;
  const image = { src: `${assets}${name}.png`, alt, title: alt };
  if (props.supportMultipleDensities === true) image.srcSet = `${assets}${name}_2X.png 2x, ${assets}${name}_3X.png 3x`;
  return image;
}

/** True for a plain left click without modifier keys (others keep the link's native behaviour:
 * open in a new tab, save the link). @internal */
export function isPlainClick(event) {
  return !event.defaultPrevented && (event.button === undefined || event.button === 0) && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

// ---- one init per page ------------------------------------------------------------------------

/** Init runs keyed by their options: StrictMode's double mount and several providers with the
 * same options share one `init` call. */
const runs = new Map();
const pageListeners = new Set();

function notifyPage() {
  for (const listener of [...pageListeners]) listener();
}

function optionsKey(options) {
  try {
    const hosts = options.hosts && typeof options.hosts === 'object' ? options.hosts : {};
    return JSON.stringify([options.appKey, options.lang ?? null, hosts.api ?? null, hosts.auth ?? null, hosts.pf ?? null, hosts.apps ?? null]);
  } catch {
    return null;
  }
}

/**
 * Starts `init(options)` once for these options (browser only: the caller runs it from an effect
 * or on the client) and returns its run: `{ ready, error, subscribe(listener) }`. @internal
 */
export function initOnce(options) {
  const key = optionsKey(options);
  const known = key === null ? undefined : runs.get(key);
  if (known) return known;
  const listeners = new Set();
  const run = {
    ready: false,
    error: null,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const settle = () => {
    for (const listener of [...listeners]) listener();
    notifyPage();
  };
  let started;
  try {
    started = kc.init(options);
  } catch (error) {
    started = Promise.reject(error);
  }
  Promise.resolve(started).then(
    () => {
      run.ready = true;
      settle();
    },
    (error) => {
      run.error = asKakaoError(error);
      settle();
    },
  );
  if (key !== null) runs.set(key, run);
  return run;
}

/**
 * Subscribes to the page's init state (`kc.isInitialized()`), also when the app calls `init`
 * itself: until the entry reports initialised, it is checked again at a slowing pace (50 ms up to
 * 1 s), while someone listens. Returns the unsubscribe function. @internal
 */
export function subscribePage(listener) {
  pageListeners.add(listener);
  let timer = null;
  let delay = 50;
  const check = () => {
    timer = null;
    if (kc.isInitialized()) {
      listener();
      return;
    }
    delay = Math.min(delay * 2, 1000);
    timer = setTimeout(check, delay);
  };
  if (!kc.isInitialized()) timer = setTimeout(check, delay);
  return () => {
    pageListeners.delete(listener);
    if (timer !== null) clearTimeout(timer);
  };
}

/** Whether the entry is initialised. @internal */
export const isInitialized = kc.isInitialized;

/** Options for the relationship request, with the IDs compared by value. @internal */
export function idsKey(ids) {
  if (ids === undefined || ids === null) return null;
  try {
    return JSON.stringify(Array.from(ids));
  } catch {
    return null;
  }
}

/** The request options of a relationship check, or null when there is nothing to ask. @internal */
export function relationshipRequest(accessToken, key, signal) {
  if (typeof accessToken !== 'string' || accessToken === '') return null;
  const options = { accessToken, signal };
  if (key !== null) options.channelPublicIds = JSON.parse(key);
  return options;
}
