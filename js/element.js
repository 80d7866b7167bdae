// The <kakao-channel-button> custom element: a class shell (custom elements must be JS classes).
// Rendering, settings and clicks are the wasm module's (renderChannelButton).
import * as wasm from './wasm/kakao_channel.js';
import { assertReady } from './ready.js';
import { KakaoChannelError } from './errors.js';

/**
 * Registers the `<kakao-channel-button>` custom element (or `tagName`). Idempotent; does nothing
 * where there is no `customElements` (SSR, Node).
 * @param {string} [tagName]
 */
export function defineChannelButton(tagName = 'kakao-channel-button') {
  const registry = globalThis.customElements;
  if (!registry) return;
  assertReady('defineChannelButton');
  try {
    if (registry.get(tagName)) return;
    registry.define(
      tagName,
      class extends HTMLElement {
        // The wasm module's list (the core's one home for it); it is loaded: assertReady passed.
        static observedAttributes = wasm.channelButtonAttributes();

        connectedCallback() {
          this.live = true;
          wasm.renderChannelButton(this);
        }

        disconnectedCallback() {
          this.live = false;
          wasm.removeChannelButton(this);
        }

        // Also called for each attribute on upgrade, before connectedCallback: render once then.
        attributeChangedCallback() {
          if (this.live) wasm.renderChannelButton(this);
        }
      },
    );
  } catch {
    // The registry's SyntaxError / TypeError for a name it refuses (or one that is no string).
    throw new KakaoChannelError('INVALID_ARGUMENT', 'defineChannelButton(): invalid tag name.');
  }
}
