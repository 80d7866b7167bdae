import { createSSRApp } from 'vue';
import { KakaoChannelPlugin } from 'kakao-channel/vue';
import App from './App.vue';

// One app factory for the server render and the browser (as Nuxt does for you).
export function createApp() {
  // VITE_KAKAO_HOSTS_URL points every Kakao host at a local fake Kakao in tests; unset in production.
  const fake = import.meta.env.VITE_KAKAO_HOSTS_URL;
  return createSSRApp(App).use(KakaoChannelPlugin, {
    appKey: import.meta.env.VITE_KAKAO_JAVASCRIPT_KEY,
    hosts: fake ? { api: fake, auth: fake, pf: fake, apps: fake } : undefined,
  });
}
