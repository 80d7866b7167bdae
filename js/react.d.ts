// Types of `kakao-channel/react` (React 18 and 19).

/**
 * React 18 and 19 bindings (`'use client'`; safe to import during SSR, e.g. Next.js App Router):
 * a provider that calls `init` once, the buttons as real links that work before `init` and
 * without JavaScript, and hooks. `react` is an optional peer dependency.
 *
 * @example
 * ```tsx
 * import { KakaoChannelProvider, AddChannelButton } from 'kakao-channel/react';
 *
 * export function App() {
 *   return (
 *     <KakaoChannelProvider appKey="YOUR_JAVASCRIPT_KEY" lang="ko">
 *       <AddChannelButton channelPublicId="_ZeUTxl" />
 *     </KakaoChannelProvider>
 *   );
 * }
 * ```
 *
 * @module kakao-channel/react
 */
import type { ReactElement, ReactNode } from 'react';
import type {
  ChannelRelationships,
  KakaoChannelFunctions,
  FollowChannelResult,
  KakaoHosts,
  KakaoChannelError,
  Lang,
  LaunchResult,
} from './index.js';

/** Props of `KakaoChannelProvider`: `init`'s options, and the tree that uses them. */
export interface KakaoChannelProviderProps {
  /** The app's JavaScript key (Kakao Developers console → App Keys). */
  appKey: string;
  /** Language of Kakao's pages. */
  lang?: Lang;
  /** Kakao's hosts, e.g. a local fake server in tests. */
  hosts?: KakaoHosts;
  /** The tree that uses kakao-channel. */
  children?: ReactNode;
}

/** What `useKakaoChannel()` returns: the SDK's state and the browser entry's functions. */
export interface KakaoChannelState extends KakaoChannelFunctions {
  /** True once `init` resolved (the nearest provider's; outside a provider, any on the page). */
  ready: boolean;
  /** The error of a failed `init`, else null. */
  error: KakaoChannelError | null;
}

/** What every button takes. */
export interface ChannelButtonBaseProps {
  /** The channel's public ID (`_ZeUTxl`) or its URL (`https://pf.kakao.com/_ZeUTxl`). */
  channelPublicId: string;
  /** Extra class names for the `<a>` (it always has `kakao-channel-button`). */
  className?: string;
  /** Shown inside the link instead of Kakao's button image. */
  children?: ReactNode;
  /** Called with the error of a click (without it, the error is thrown). */
  onError?: (error: KakaoChannelError) => void;
}

/** Props of `AddChannelButton`. */
export interface AddChannelButtonProps extends ChannelButtonBaseProps {
  /** Image size. Default `small`. */
  size?: 'small' | 'large';
  /** Language of Kakao's page; defaults to the provider's `lang`. */
  lang?: Lang;
  /** Adds a `srcset` with Kakao's 2x and 3x images. */
  supportMultipleDensities?: boolean;
  /** Called with `addChannel`'s result after a click. */
  onResult?: (result: LaunchResult) => void;
}

/** Props of `ChatButton`. */
export interface ChatButtonProps extends ChannelButtonBaseProps {
  /** Image size. Default `small`. */
  size?: 'small' | 'large';
  /** Image color. Default `yellow`. */
  color?: 'yellow' | 'mono';
  /** Image shape. Default `pc`. */
  shape?: 'pc' | 'mobile';
  /** Image text: "상담하기" (`consult`, default) or "문의하기" (`question`). */
  title?: 'consult' | 'question';
  /** Language of Kakao's page; defaults to the provider's `lang`. */
  lang?: Lang;
  /** Adds a `srcset` with Kakao's 2x and 3x images. */
  supportMultipleDensities?: boolean;
  /** Called with `chat`'s result after a click. */
  onResult?: (result: LaunchResult) => void;
}

/** Props of `FollowChannelButton`. */
export interface FollowChannelButtonProps extends ChannelButtonBaseProps {
  /** A Kakao Login access token: skips the login step when given. */
  accessToken?: string;
  /** How long to wait for Kakao's answer, in ms. */
  timeoutMs?: number;
  /** Image size. Default `small`. */
  size?: 'small' | 'large';
  /** Adds a `srcset` with Kakao's 2x and 3x images. */
  supportMultipleDensities?: boolean;
  /** The language of the link shown before init. */
  lang?: Lang;
  /** Called with `followChannel`'s result. */
  onResult?: (result: FollowChannelResult) => void;
}

/** Options of `useChannelRelationship`. */
export interface UseChannelRelationshipOptions {
  /** The user's Kakao Login access token (with the `plusfriends` consent); nothing is asked without it. */
  accessToken?: string;
  /** The channels to ask about (IDs or URLs); default every channel connected to the app. */
  channelPublicIds?: string[];
}

/** What `useChannelRelationship` returns. */
export interface ChannelRelationshipState {
  /** The last answer, or null (none yet, no token, or an error). */
  data: ChannelRelationships | null;
  /** The last request's error, or null. */
  error: KakaoChannelError | null;
  /** True while a request is in flight. */
  loading: boolean;
  /** Asks again now (aborting a request in flight). Resolves when it settled; never rejects. */
  refetch(): Promise<void>;
}

/**
 * Initialises kakao-channel once for the page (also under StrictMode and with several providers)
 * and gives its state to `useKakaoChannel` and the buttons below it.
 *
 * @example
 * ```tsx
 * <KakaoChannelProvider appKey={process.env.NEXT_PUBLIC_KAKAO_JS_KEY!} lang="ko">
 *   <Page />
 * </KakaoChannelProvider>
 * ```
 */
export function KakaoChannelProvider(props: KakaoChannelProviderProps): ReactElement;

/**
 * The SDK's state (`ready`, `error`) and the browser entry's functions. Outside a provider it
 * reports the browser entry's own state.
 *
 * @example
 * ```tsx
 * function ChatLink() {
 *   const { ready, error, chat } = useKakaoChannel();
 *   if (error) return <p>{error.message}</p>;
 *   return <button disabled={!ready} onClick={() => chat({ channelPublicId: '_ZeUTxl' })}>Chat</button>;
 * }
 * ```
 */
export function useKakaoChannel(): KakaoChannelState;

/**
 * Kakao's "add channel" button: a real `<a href>` to the channel's add page on the server and
 * before init; once ready, a click runs `addChannel` inside the click.
 *
 * @example
 * ```tsx
 * <AddChannelButton channelPublicId="_ZeUTxl" size="large" onResult={(r) => console.log(r.via)} />
 * ```
 */
export function AddChannelButton(props: AddChannelButtonProps): ReactElement;

/**
 * Kakao's "1:1 chat" button: a real `<a href>` to the channel's chat page on the server and
 * before init; once ready, a click runs `chat` inside the click.
 *
 * @example
 * ```tsx
 * <ChatButton channelPublicId="_ZeUTxl" color="mono" shape="mobile" title="question" />
 * ```
 */
export function ChatButton(props: ChatButtonProps): ReactElement;

/**
 * Adds the channel with `followChannel` (the result comes back to `onResult`); looks like the add
 * button and links to the add page before init.
 *
 * @example
 * ```tsx
 * <FollowChannelButton
 *   channelPublicId="_ZeUTxl"
 *   onResult={(r) => r.status === 'success' && toast('Thanks for adding us!')}
 *   onError={(e) => console.error(e.code)}
 * >
 *   Add our channel
 * </FollowChannelButton>
 * ```
 */
export function FollowChannelButton(props: FollowChannelButtonProps): ReactElement;

/**
 * The user's relationship with channels: asked once ready when `accessToken` is set, again when
 * it or the IDs change (by value); a request in flight is aborted on change and on unmount.
 *
 * @example
 * ```tsx
 * function FollowState({ accessToken }: { accessToken: string }) {
 *   const { data, error, loading } = useChannelRelationship({ accessToken, channelPublicIds: ['_ZeUTxl'] });
 *   if (loading) return <p>…</p>;
 *   if (error) return <p>{error.code === 'CONSENT_REQUIRED' ? 'Please allow plusfriends.' : error.message}</p>;
 *   return <p>{data?.channels[0]?.relation === 'ADDED' ? 'Following' : 'Not following'}</p>;
 * }
 * ```
 */
export function useChannelRelationship(options?: UseChannelRelationshipOptions): ChannelRelationshipState;
