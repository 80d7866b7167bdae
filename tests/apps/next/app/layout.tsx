import type { ReactNode } from 'react';
import { KakaoChannelProvider } from 'kakao-channel/react';

// Rendered per request: the keys come from the server's environment.
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  // KAKAO_HOSTS_URL points every Kakao host at a local fake Kakao in tests; unset in production.
  const fake = process.env.KAKAO_HOSTS_URL;
  return (
    <html lang="ko">
      <body>
        <KakaoChannelProvider
          appKey={process.env.KAKAO_JAVASCRIPT_KEY ?? ''}
          hosts={fake ? { api: fake, auth: fake, pf: fake, apps: fake } : undefined}
        >
          {children}
        </KakaoChannelProvider>
      </body>
    </html>
  );
}
