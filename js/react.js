'use client';
// kakao-channel/react: React 18 and 19 bindings (a provider, hooks and the three buttons), plain
// JavaScript with React.createElement (no JSX build step). A client module: on a server it only
// renders links, touching no window; `init` runs in an effect, once per page.
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
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

/** The provider's state and settings; null outside a provider. */
const Context = createContext(null);

const serverFalse = () => false;

/**
 * Initialises kakao-channel once for the page (also under StrictMode and with several providers
 * with the same options) and gives its state to `useKakaoChannel` and the buttons below it.
 * Renders its children unchanged, on the server too.
 *
 * @param {import('./react.js').KakaoChannelProviderProps} props
 */
export function KakaoChannelProvider(props) {
  const { appKey, lang, hosts, children } = props;
  const pf = hosts && typeof hosts === 'object' ? hosts.pf : undefined;
  const key = JSON.stringify([appKey, lang, hosts && typeof hosts === 'object' ? [hosts.api, hosts.auth, hosts.pf, hosts.apps] : null]);
  const [state, setState] = useState({ ready: false, error: null });
  useEffect(() => {
    const options = { appKey, hosts };
    if (lang !== undefined) options.lang = lang;
    const run = initOnce(options);
    let live = true;
    const update = () => {
      if (live) setState((s) => (s.ready === run.ready && s.error === run.error ? s : { ready: run.ready, error: run.error }));
    };
    const off = run.subscribe(update);
    update();
    return () => {
      live = false;
      off();
    };
    // `key` stands for appKey, lang and hosts compared by value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const value = useMemo(() => ({ ready: state.ready, error: state.error, pf }), [state.ready, state.error, pf]);
  return createElement(Context.Provider, { value }, children);
}

/** The provider's state, or the page's outside a provider (ready once `init` resolved anywhere). */
function useKakaoState() {
  const context = useContext(Context);
  const pageReady = useSyncExternalStore(subscribePage, isInitialized, serverFalse);
  return context ?? { ready: pageReady, error: null, pf: undefined };
}

/**
 * The SDK's state and the browser entry's functions: `ready` turns true when `init` resolved
 * (the nearest provider's, or outside a provider any `init` on the page), `error` holds a failed
 * init.
 *
 * @returns {import('./react.js').KakaoChannelState}
 */
export function useKakaoChannel() {
  const { ready, error } = useKakaoState();
  return useMemo(() => ({ ready, error, ...functions }), [ready, error]);
}

/** Latest value of a callback prop, without re-creating the click handler. */
function useLatest(value) {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}

/** Reports `error` to `onError`, or rethrows it when nobody listens (so it is not lost). */
function report(onError, error) {
  const handler = onError.current;
  const kakaoError = asKakaoError(error);
  if (typeof handler === 'function') handler(kakaoError);
  else throw kakaoError;
}

/** One `<a>`: href before and after init, Kakao's image or the children, the click. */
function useChannelLink(kind, props, onReadyClick) {
  const { ready, pf } = useKakaoState();
  const href = buttonHref(kind === 'chat' ? 'chat' : 'add', props.channelPublicId, props.lang, pf, ready);
  const onClick = (event) => {
    if (!ready || !isPlainClick(event)) return;
    event.preventDefault();
    onReadyClick();
  };
  const content = props.children !== undefined && props.children !== null ? props.children : createElement('img', buttonImage(kind, props, pf));
  const className = typeof props.className === 'string' && props.className ? `kakao-channel-button ${props.className}` : 'kakao-channel-button';
  return createElement('a', { href: href ?? undefined, className, 'data-kakao-channel-button': kind, onClick }, content);
}

function launchOptions(props) {
  const options = { channelPublicId: props.channelPublicId };
  if (props.lang !== undefined) options.lang = props.lang;
  return options;
}

/**
 * Kakao's "add channel" button: a link to the channel's add page (also on the server and before
 * init); once ready, a click runs `addChannel` inside the click.
 *
 * @param {import('./react.js').AddChannelButtonProps} props
 */
export function AddChannelButton(props) {
  const onResult = useLatest(props.onResult);
  const onError = useLatest(props.onError);
  return useChannelLink('add', props, () => {
    let result;
    try {
      result = functions.addChannel(launchOptions(props));
    } catch (error) {
      report(onError, error);
      return;
    }
    if (typeof onResult.current === 'function') onResult.current(result);
  });
}

/**
 * Kakao's "1:1 chat" button: a link to the channel's chat page (also on the server and before
 * init); once ready, a click runs `chat` inside the click.
 *
 * @param {import('./react.js').ChatButtonProps} props
 */
export function ChatButton(props) {
  const onResult = useLatest(props.onResult);
  const onError = useLatest(props.onError);
  return useChannelLink('chat', props, () => {
    let result;
    try {
      result = functions.chat(launchOptions(props));
    } catch (error) {
      report(onError, error);
      return;
    }
    if (typeof onResult.current === 'function') onResult.current(result);
  });
}

/**
 * A button that adds the channel with `followChannel` (Kakao's follow page, result reported
 * back): looks like the add button and links to the add page before init.
 *
 * @param {import('./react.js').FollowChannelButtonProps} props
 */
export function FollowChannelButton(props) {
  const onResult = useLatest(props.onResult);
  const onError = useLatest(props.onError);
  return useChannelLink('follow', props, () => {
    const options = { channelPublicId: props.channelPublicId };
    if (props.accessToken !== undefined) options.accessToken = props.accessToken;
    if (props.timeoutMs !== undefined) options.timeoutMs = props.timeoutMs;
    functions.followChannel(options).then(
      (result) => {
        if (typeof onResult.current === 'function') onResult.current(result);
      },
      (error) => report(onError, error),
    );
  });
}

/**
 * The user's relationship with channels (`checkRelationship`), asked once ready when
 * `accessToken` is set, again when it or the IDs change (by value), the request in flight
 * aborted on change and unmount.
 *
 * @param {import('./react.js').UseChannelRelationshipOptions} [options]
 * @returns {import('./react.js').ChannelRelationshipState}
 */
export function useChannelRelationship(options) {
  const { ready } = useKakaoState();
  const accessToken = options ? options.accessToken : undefined;
  const key = idsKey(options ? options.channelPublicIds : undefined);
  const [state, setState] = useState({ data: null, error: null, loading: false });
  const mounted = useRef(false);
  const inFlight = useRef(null);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const refetch = useCallback(() => {
    if (inFlight.current) inFlight.current.abort();
    inFlight.current = null;
    const controller = new AbortController();
    const request = ready ? relationshipRequest(accessToken, key, controller.signal) : null;
    if (!request) return Promise.resolve();
    inFlight.current = controller;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    const settle = (next) => {
      if (controller.signal.aborted || !mounted.current) return;
      inFlight.current = null;
      setState(next);
    };
    let pending;
    try {
      pending = functions.checkRelationship(request);
    } catch (error) {
      pending = Promise.reject(error);
    }
    return Promise.resolve(pending).then(
      (data) => settle({ data, error: null, loading: false }),
      (error) => settle({ data: null, error: asKakaoError(error), loading: false }),
    );
  }, [ready, accessToken, key]);

  useEffect(() => {
    setState((s) => (s.data === null && s.error === null && !s.loading ? s : { data: null, error: null, loading: false }));
    refetch();
    return () => {
      if (inFlight.current) inFlight.current.abort();
      inFlight.current = null;
    };
  }, [refetch]);

  return useMemo(() => ({ data: state.data, error: state.error, loading: state.loading, refetch }), [state, refetch]);
}
