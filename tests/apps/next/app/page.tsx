import { AddChannelButton, ChatButton } from 'kakao-channel/react';
import { chatChannelUrl } from 'kakao-channel/server';
import { FollowPanel } from './follow-panel';

// A Server Component: the buttons render as real links in the server's HTML, and
// kakao-channel/server builds links for places without JavaScript (emails, QR codes).
export default function Page() {
  const chatLink = chatChannelUrl({ channelPublicId: '_ZeUTxl', lang: 'en' });
  return (
    <main>
      <AddChannelButton channelPublicId="_ZeUTxl" size="large" />
      <ChatButton channelPublicId="https://pf.kakao.com/_ZeUTxl" color="mono" title="question" />
      <FollowPanel accessToken={process.env.DEMO_ACCESS_TOKEN} />
      <a id="server-link" href={chatLink}>
        Chat with us on KakaoTalk
      </a>
    </main>
  );
}
