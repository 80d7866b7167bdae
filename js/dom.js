// DOM primitives for the wasm module. Every decision (which URL, window name and features,
// redirect when blocked, app hand-over) is made in Rust; these only execute, synchronously.
// Plain JS instead of web-sys: the same calls through web-sys cost the download about a kilobyte
// of gzip (README "Performance").

const popups = new Map();

/** Facts the SDK needs about the page, '\n'-separated; '' where there is no window (SSR, Node). */
export function pageFacts() {
  if (typeof window === 'undefined') return '';
  const n = window.navigator;
  const l = window.location;
  return [n.userAgent, n.language, n.platform, n.maxTouchPoints, l.origin, l.pathname, window.screenX, window.screenY, window.outerWidth, window.outerHeight].join('\n');
}

/** `window.open`, replacing an earlier popup of the same name as Kakao's SDK does. Returns the
 * window, or null when the browser blocked it. */
export function openWindow(url, name, features) {
  const previous = popups.get(name);
  if (previous && !previous.closed) previous.close();
  let popup = null;
  try {
    popup = window.open(url, name, features);
  } catch {
    popup = null;
  }
  if (popup) popups.set(name, popup);
  else popups.delete(name);
  return popup;
}

/** Navigates this tab. */
export function navigate(url) {
  window.location.href = url;
}

/** The platform's URL parser (what fetch and window.open use), parts '\n'-joined for the Rust
 * validator; '' when it refuses the value. */
export function parseUrl(value) {
  try {
    const u = new URL(value);
    return [u.protocol, u.username, u.password, u.hostname, u.port, u.pathname, u.search, u.hash].join('\n');
  } catch {
    return '';
  }
}
