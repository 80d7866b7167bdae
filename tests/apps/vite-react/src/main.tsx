import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { KakaoChannelProvider } from 'kakao-channel/react';
import { App } from './App';

// VITE_KAKAO_HOSTS_URL points every Kakao host at a local fake Kakao in tests; unset in production.
const fake = import.meta.env.VITE_KAKAO_HOSTS_URL;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <KakaoChannelProvider
      appKey={import.meta.env.VITE_KAKAO_JAVASCRIPT_KEY}
      hosts={fake ? { api: fake, auth: fake, pf: fake, apps: fake } : undefined}
    >
      <App accessToken={import.meta.env.VITE_DEMO_ACCESS_TOKEN} />
    </KakaoChannelProvider>
  </StrictMode>,
);
