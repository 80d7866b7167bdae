// The Vite page of `npm run bench` (scripts/bench.mjs): the whole browser entry, initialised on
// load. `window.__bench.ready` is performance.now() (ms since navigation start) when init()
// resolved; `window.kc` is the module, for the in-page measurements. The console line tells the
// bench the page is done (it runs nothing in the page before: scripts/bench.mjs, coldLoad).
import * as kc from 'kakao-channel';

window.kc = kc;
kc.init({ appKey: 'demo-javascript-key' }).then(
  () => {
    window.__bench = { ready: performance.now() };
    console.debug('kakao-channel-bench: settled');
  },
  (e) => {
    window.__bench = { error: String((e && e.message) || e) };
    console.debug('kakao-channel-bench: settled');
  },
);
