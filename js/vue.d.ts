// Types of `kakao-channel/vue` (Vue 3.3 and later).

/**
 * Vue 3 bindings (SSR-safe, Nuxt included): a plugin that calls `init` once and registers the
 * buttons globally, the buttons as real links that work before `init`, and composables. `vue` is
 * an optional peer dependency.
 *
 * @example
 * ```ts
 * import { createApp } from 'vue';
 * import { KakaoChannelPlugin } from 'kakao-channel/vue';
 * import App from './App.vue';
 *
 * createApp(App).use(KakaoChannelPlugin, { appKey: 'YOUR_JAVASCRIPT_KEY', lang: 'ko' }).mount('#app');
 * ```
 *
 * @module kakao-channel/vue
 */
import type { App, DefineSetupFnComponent, MaybeRefOrGetter, Ref, SlotsType, VNode } from 'vue';
import type {
  ChannelRelationships,
  KakaoChannelFunctions,
  FollowChannelResult,
  KakaoChannelError,
  KakaoHosts,
  Lang,
  LaunchResult,
} from './index.js';

/** Options of `app.use(KakaoChannelPlugin, options)`: `init`'s options. */
export interface KakaoChannelPluginOptions {
  /** The app's JavaScript key (Kakao Developers console → App Keys). */
  appKey: string;
  /** Language of Kakao's pages. */
  lang?: Lang;
  /** Kakao's hosts, e.g. a local fake server in tests. */
  hosts?: KakaoHosts;
}

/** The plugin object `app.use` takes. */
export interface KakaoChannelPluginObject {
  /** Called by `app.use(KakaoChannelPlugin, options)`; not called directly. */
  install(app: App, options: KakaoChannelPluginOptions): void;
}

/** What `useKakaoChannel()` returns: the SDK's state as refs and the browser entry's functions. */
export interface KakaoChannelState extends KakaoChannelFunctions {
  /** True once `init` resolved and the calling component mounted. */
  ready: Readonly<Ref<boolean>>;
  /** The error of a failed `init`, else null. */
  error: Readonly<Ref<KakaoChannelError | null>>;
}

/** Props of `AddChannelButton`. */
export interface AddChannelButtonProps {
  /** The channel's public ID (`_ZeUTxl`) or its URL (`https://pf.kakao.com/_ZeUTxl`). */
  channelPublicId: string;
  /** Image size. Default `small`. */
  size?: 'small' | 'large';
  /** Language of Kakao's page; defaults to the plugin's `lang`. */
  lang?: Lang;
  /** Adds a `srcset` with Kakao's 2x and 3x images. */
  supportMultipleDensities?: boolean;
}

/** Props of `ChatButton`. */
export interface ChatButtonProps extends AddChannelButtonProps {
  /** Image color. Default `yellow`. */
  color?: 'yellow' | 'mono';
  /** Image shape. Default `pc`. */
  shape?: 'pc' | 'mobile';
  /** Image text: "상담하기" (`consult`, default) or "문의하기" (`question`). */
  title?: 'consult' | 'question';
}

/** Props of `FollowChannelButton`. */
export interface FollowChannelButtonProps extends AddChannelButtonProps {
  /** A Kakao Login access token: skips the login step when given. */
  accessToken?: string;
  /** How long to wait for Kakao's answer, in ms. */
  timeoutMs?: number;
}

/** A button's events: `result` after a click, `error` when it failed (thrown when nobody listens). */
export type ChannelButtonEmits<R> = {
  /** `@result`: the click's `LaunchResult` (or `FollowChannelResult`). */
  result: (result: R) => true;
  /** `@error`: the click's `KakaoChannelError`. */
  error: (error: KakaoChannelError) => true;
};

/** A button's slot: shown inside the link instead of Kakao's button image. */
export type ChannelButtonSlots = SlotsType<{
  /** The link's content, instead of Kakao's image. */
  default?: () => VNode[];
}>;

/** Options of `useChannelRelationship`. */
export interface UseChannelRelationshipOptions {
  /** The user's Kakao Login access token (with the `plusfriends` consent); nothing is asked without it. */
  accessToken?: string;
  /** The channels to ask about (IDs or URLs); default every channel connected to the app. */
  channelPublicIds?: string[];
}

/** `useChannelRelationship`'s argument: a ref, a getter or a plain object. */
export type MaybeRefOrGetterOptions = MaybeRefOrGetter<UseChannelRelationshipOptions>;

/** What `useChannelRelationship` returns. */
export interface ChannelRelationshipRefs {
  /** The last answer, or null (none yet, no token, or an error). */
  data: Readonly<Ref<ChannelRelationships | null>>;
  /** The last request's error, or null. */
  error: Readonly<Ref<KakaoChannelError | null>>;
  /** True while a request is in flight. */
  loading: Readonly<Ref<boolean>>;
  /** Asks again now (aborting a request in flight). Resolves when it settled; never rejects. */
  refetch(): Promise<void>;
}

/**
 * `app.use(KakaoChannelPlugin, { appKey, lang?, hosts? })`: initialises kakao-channel once for the
 * page (in the browser only; nothing runs during SSR) and registers the three buttons globally.
 *
 * @example
 * ```ts
 * app.use(KakaoChannelPlugin, { appKey: import.meta.env.VITE_KAKAO_JS_KEY, lang: 'ko' });
 * ```
 */
export declare const KakaoChannelPlugin: KakaoChannelPluginObject;

/**
 * The SDK's state (`ready`, `error` refs) and the browser entry's functions.
 *
 * @example
 * ```ts
 * const { ready, chat } = useKakaoChannel();
 * const openChat = () => chat({ channelPublicId: '_ZeUTxl' }); // @click="openChat" :disabled="!ready"
 * ```
 */
export declare function useKakaoChannel(): KakaoChannelState;

/**
 * The user's relationship with channels: asked once ready when `accessToken` is set, again when
 * it or the IDs change (by value); the request in flight is aborted on change and when the
 * component unmounts.
 *
 * @example
 * ```ts
 * const props = defineProps<{ accessToken: string }>();
 * const { data, error, loading } = useChannelRelationship(() => ({ accessToken: props.accessToken }));
 * const following = computed(() => data.value?.channels.some((c) => c.relation === 'ADDED') ?? false);
 * ```
 */
export declare function useChannelRelationship(options: MaybeRefOrGetterOptions): ChannelRelationshipRefs;

/**
 * Kakao's "add channel" button: a real `<a href>` to the add page (SSR and before init); once
 * ready a click runs `addChannel` and emits `result` or `error`.
 *
 * @example
 * ```html
 * <AddChannelButton channel-public-id="_ZeUTxl" size="large" @error="(e) => console.error(e.code)" />
 * ```
 */
export declare const AddChannelButton: DefineSetupFnComponent<AddChannelButtonProps, ChannelButtonEmits<LaunchResult>, ChannelButtonSlots>;

/**
 * Kakao's "1:1 chat" button: a real `<a href>` to the chat page (SSR and before init); once ready
 * a click runs `chat` and emits `result` or `error`.
 *
 * @example
 * ```html
 * <ChatButton channel-public-id="_ZeUTxl" color="mono" shape="mobile" title="question" />
 * ```
 */
export declare const ChatButton: DefineSetupFnComponent<ChatButtonProps, ChannelButtonEmits<LaunchResult>, ChannelButtonSlots>;

/**
 * Adds the channel with `followChannel` and emits `result` (a FollowChannelResult) or `error`;
 * looks like the add button and links to the add page before init.
 *
 * @example
 * ```html
 * <FollowChannelButton channel-public-id="_ZeUTxl" @result="(r) => (added = r.status === 'success')">
 *   Add our channel
 * </FollowChannelButton>
 * ```
 */
export declare const FollowChannelButton: DefineSetupFnComponent<FollowChannelButtonProps, ChannelButtonEmits<FollowChannelResult>, ChannelButtonSlots>;

declare module 'vue' {
  /** The plugin registers the buttons globally: typed in templates too. */
  export interface GlobalComponents {
    AddChannelButton: typeof AddChannelButton;
    ChatButton: typeof ChatButton;
    FollowChannelButton: typeof FollowChannelButton;
  }
}
