// kakao-channel/vue: Vue 3 bindings (a plugin, composables and the three buttons, rendered with
// h()). SSR-safe (Nuxt): importing touches no window, the plugin starts `init` only in a browser,
// and `ready` turns true only after the component mounted, so a hydrated page matches the
// server's HTML.
import { computed, defineComponent, getCurrentInstance, getCurrentScope, h, inject, onMounted, onScopeDispose, ref, shallowRef, toValue, watch } from 'vue';
import {
  asKakaoError,
  buttonHref,
  buttonImage,
  functions,
  idsKey,
  initOnce,
  isInitialized,
  isPlainClick,
  relationshipRequest,
  subscribePage,
} from './bindings.js';

/** What the plugin provides: its init state and settings. */
const KEY = Symbol.for('kakao-channel.vue');

/**
 * `app.use(KakaoChannelPlugin, { appKey, lang?, hosts? })`: initialises kakao-channel once for
 * the page (in the browser only) and registers AddChannelButton, ChatButton and
 * FollowChannelButton globally.
 * @type {import('./vue.js').KakaoChannelPluginObject}
 */
export const KakaoChannelPlugin = {
  install(app, options) {
    const opts = options && typeof options === 'object' ? options : {};
    const state = { ready: ref(false), error: shallowRef(null), pf: opts.hosts && typeof opts.hosts === 'object' ? opts.hosts.pf : undefined };
    if (typeof window !== 'undefined') {
      const init = { appKey: opts.appKey, hosts: opts.hosts };
      if (opts.lang !== undefined) init.lang = opts.lang;
      const run = initOnce(init);
      const update = () => {
        state.ready.value = run.ready;
        state.error.value = run.error;
      };
      run.subscribe(update);
      update();
    }
    app.provide(KEY, state);
    app.component('AddChannelButton', AddChannelButton);
    app.component('ChatButton', ChatButton);
    app.component('FollowChannelButton', FollowChannelButton);
  },
};

/** The plugin's state, or the page's (ready once `init` resolved anywhere) without the plugin;
 * `ready` only after the calling component mounted. */
function useSdkState() {
  const provided = getCurrentInstance() ? inject(KEY, null) : null;
  const mounted = ref(false);
  let source = provided;
  if (!source) {
    const pageReady = ref(false);
    source = { ready: pageReady, error: shallowRef(null), pf: undefined };
    if (getCurrentInstance()) {
      let off = null;
      onMounted(() => {
        pageReady.value = isInitialized();
        if (!pageReady.value) {
          off = subscribePage(() => {
            pageReady.value = isInitialized();
            if (pageReady.value && off) off();
          });
        }
      });
      onScopeDispose(() => off && off());
    }
  }
  if (getCurrentInstance()) onMounted(() => (mounted.value = true));
  else mounted.value = typeof window !== 'undefined';
  const ready = computed(() => mounted.value && source.ready.value);
  return { ready, error: source.error, pf: source.pf };
}

/**
 * The SDK's state and the browser entry's functions: `ready` (a ref) turns true once `init`
 * resolved and the component mounted; `error` holds a failed init.
 * @returns {import('./vue.js').KakaoChannelState}
 */
export function useKakaoChannel() {
  const { ready, error } = useSdkState();
  return { ready, error, ...functions };
}

/** Emits `error`, or throws it when nobody listens (Vue's error handler reports it). */
function reportError(instance, emit, error) {
  const kakaoError = asKakaoError(error);
  const props = instance && instance.vnode.props;
  if (props && (props.onError || props['on-error'])) emit('error', kakaoError);
  else throw kakaoError;
}

// No runtime types on the value props: Vue's dev-mode check would stringify a hostile value (and
// throw with it) during render; the bindings read every value defensively instead.
const common = {
  channelPublicId: { type: null, required: true },
  lang: null,
  size: null,
  supportMultipleDensities: Boolean,
};

/** A button component: one `<a>`, href before and after init, Kakao's image or the slot. */
function button(name, kind, props, act) {
  return defineComponent({
    name,
    props,
    emits: ['result', 'error'],
    // Only class and style pass through to the <a>: its href is the component's alone.
    inheritAttrs: false,
    setup(p, { attrs, emit, slots }) {
      const instance = getCurrentInstance();
      const { ready, pf } = useSdkState();
      const href = computed(() => buttonHref(kind === 'chat' ? 'chat' : 'add', p.channelPublicId, p.lang, pf, ready.value));
      const onClick = (event) => {
        if (!ready.value || !isPlainClick(event)) return;
        event.preventDefault();
        act(p, emit, (error) => reportError(instance, emit, error));
      };
      return () => {
        const anchor = { href: href.value ?? undefined, class: ['kakao-channel-button', attrs.class], 'data-kakao-channel-button': kind, onClick };
        if (attrs.style !== undefined) anchor.style = attrs.style;
        return h('a', anchor, slots.default ? slots.default() : [h('img', buttonImage(kind, p, pf))]);
      };
    },
  });
}

function launchOptions(p) {
  const options = { channelPublicId: p.channelPublicId };
  if (p.lang !== undefined) options.lang = p.lang;
  return options;
}

/**
 * Kakao's "add channel" button: a link to the add page (server and before init); once ready a
 * click runs `addChannel` and emits `result` (or `error`).
 */
export const AddChannelButton = button('AddChannelButton', 'add', common, (p, emit, fail) => {
  let result;
  try {
    result = functions.addChannel(launchOptions(p));
  } catch (error) {
    fail(error);
    return;
  }
  emit('result', result);
});

/**
 * Kakao's "1:1 chat" button: a link to the chat page (server and before init); once ready a
 * click runs `chat` and emits `result` (or `error`).
 */
export const ChatButton = button('ChatButton', 'chat', { ...common, color: null, shape: null, title: null }, (p, emit, fail) => {
  let result;
  try {
    result = functions.chat(launchOptions(p));
  } catch (error) {
    fail(error);
    return;
  }
  emit('result', result);
});

/**
 * Adds the channel with `followChannel` and emits `result` (a FollowChannelResult) or `error`;
 * looks like the add button and links to the add page before init.
 */
export const FollowChannelButton = button(
  'FollowChannelButton',
  'follow',
  { ...common, accessToken: null, timeoutMs: null },
  (p, emit, fail) => {
    const options = { channelPublicId: p.channelPublicId };
    if (p.accessToken !== undefined) options.accessToken = p.accessToken;
    if (p.timeoutMs !== undefined) options.timeoutMs = p.timeoutMs;
    functions.followChannel(options).then((result) => emit('result', result), fail);
  },
);

/**
 * The user's relationship with channels (`checkRelationship`), from a ref, a getter or a plain
 * object: asked once ready when `accessToken` is set, again when it or the IDs change (by value);
 * the request in flight is aborted on change and when the scope ends.
 * @param {import('./vue.js').MaybeRefOrGetterOptions} options
 * @returns {import('./vue.js').ChannelRelationshipRefs}
 */
export function useChannelRelationship(options) {
  const { ready } = useSdkState();
  const data = shallowRef(null);
  const error = shallowRef(null);
  const loading = ref(false);
  let inFlight = null;
  let live = true;
  const read = () => {
    const value = toValue(options);
    return value && typeof value === 'object' ? value : {};
  };
  const accessToken = computed(() => read().accessToken);
  const key = computed(() => idsKey(read().channelPublicIds));

  function refetch() {
    if (inFlight) inFlight.abort();
    inFlight = null;
    const controller = new AbortController();
    const request = ready.value ? relationshipRequest(accessToken.value, key.value, controller.signal) : null;
    if (!request) {
      loading.value = false;
      return Promise.resolve();
    }
    inFlight = controller;
    loading.value = true;
    const settle = (d, e) => {
      if (controller.signal.aborted || !live) return;
      inFlight = null;
      data.value = d;
      error.value = e;
      loading.value = false;
    };
    let pending;
    try {
      pending = functions.checkRelationship(request);
    } catch (e) {
      pending = Promise.reject(e);
    }
    return Promise.resolve(pending).then(
      (d) => settle(d, null),
      (e) => settle(null, asKakaoError(e)),
    );
  }

  watch(
    [ready, accessToken, key],
    () => {
      data.value = null;
      error.value = null;
      refetch();
    },
    { immediate: true },
  );
  if (getCurrentScope()) {
    onScopeDispose(() => {
      live = false;
      if (inFlight) inFlight.abort();
      inFlight = null;
    });
  }
  return { data, error, loading, refetch };
}
