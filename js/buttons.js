// Social-plugin buttons: createAddChannelButton, createChatButton, cleanup and the
// <kakao-channel-button> custom element.
//
// The wasm module decides everything (which settings win, what is valid, the link, the image,
// srcset and alt text: buttonSpec); this file only finds the container, builds the markup and
// wires the clicks. Each button is a real link to Kakao's page, so it also works with JavaScript
// off and with a middle-click; a plain click opens the popup instead, synchronously.
import * as wasm from './wasm/kakao_channel.js';
import { addChannel, chat } from './index.js';
import { assertReady } from './features.js';
import { followChannel } from './follow.js';

/** Every anchor this module created, with its click listener, for cleanup(). */
const created = new Map();

/** The custom element's attributes, as buttonSpec reads them. */
const ATTRIBUTES = ['action', 'channel-id', 'size', 'color', 'shape', 'title', 'lang', 'support-multiple-densities'];

function emit(target, type, detail) {
  target.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
}

/** Runs the button's action. Called inside the click, with no await before the popup opens. */
function activate(anchor, spec) {
  try {
    if (spec.action === 'follow') {
      followChannel({ channelPublicId: spec.channelPublicId })
        .then((result) => emit(anchor, 'kakao-channel-result', result))
        .catch((error) => emit(anchor, 'kakao-channel-error', error));
    } else {
      const open = spec.action === 'chat' ? chat : addChannel;
      emit(anchor, 'kakao-channel-result', open({ channelPublicId: spec.channelPublicId, lang: spec.lang }));
    }
  } catch (error) {
    emit(anchor, 'kakao-channel-error', error);
  }
}

/** Appends `<a href><img></a>` for `spec` to `container`. */
function render(container, spec) {
  const anchor = document.createElement('a');
  anchor.href = spec.href;
  anchor.className = 'kakao-channel-button';
  anchor.dataset.kakaoChannelButton = spec.action;
  const img = document.createElement('img');
  img.src = spec.src;
  if (spec.srcset) img.srcset = spec.srcset;
  img.alt = img.title = spec.alt;
  anchor.append(img);
  const onClick = (event) => {
    event.preventDefault();
    activate(anchor, spec);
  };
  anchor.addEventListener('click', onClick);
  created.set(anchor, onClick);
  container.append(anchor);
  return anchor;
}

function remove(anchor) {
  const onClick = created.get(anchor);
  if (onClick) anchor.removeEventListener('click', onClick);
  created.delete(anchor);
  anchor.remove();
}

function create(kind, name, options) {
  assertReady(name);
  let container = options !== null && typeof options === 'object' ? options.container : undefined;
  if (typeof container === 'string') container = globalThis.document?.getElementById(container.replace(/^#/, ''));
  const dataset = container && container.nodeType === 1 ? container.dataset : undefined;
  render(container, wasm.buttonSpec(kind, options, dataset));
}

/**
 * Appends Kakao's add-channel button to `options.container`.
 * @param {import('./buttons.js').AddChannelButtonOptions} options
 */
export function createAddChannelButton(options) {
  create('add', 'createAddChannelButton', options);
}

/**
 * Appends Kakao's 1:1 chat button to `options.container`.
 * @param {import('./buttons.js').ChatButtonOptions} options
 */
export function createChatButton(options) {
  create('chat', 'createChatButton', options);
}

/** Removes every button this SDK created, with its click listener. */
export function cleanup() {
  assertReady('cleanup');
  for (const anchor of [...created.keys()]) remove(anchor);
}

/**
 * Registers the `<kakao-channel-button>` custom element (or `tagName`). Idempotent; does nothing
 * where there is no `customElements` (SSR, Node).
 * @param {string} [tagName]
 */
export function defineChannelButton(tagName = 'kakao-channel-button') {
  const registry = globalThis.customElements;
  if (!registry) return;
  assertReady('defineChannelButton');
  if (registry.get(tagName)) return;
  registry.define(
    tagName,
    class extends HTMLElement {
      static observedAttributes = ATTRIBUTES;

      connectedCallback() {
        this.live = true;
        this.update();
      }

      disconnectedCallback() {
        this.live = false;
        this.clear();
      }

      // Also called for each attribute on upgrade, before connectedCallback: render once then.
      attributeChangedCallback() {
        if (this.live) this.update();
      }

      clear() {
        if (this.anchor) remove(this.anchor);
        this.anchor = null;
      }

      update() {
        this.clear();
        const attributes = {};
        for (const name of ATTRIBUTES) attributes[name] = this.getAttribute(name);
        try {
          this.anchor = render(this, wasm.buttonSpec('element', undefined, attributes));
        } catch (error) {
          emit(this, 'kakao-channel-error', error);
        }
      }
    },
  );
}
