import { useState } from 'react';
import {
  AddChannelButton,
  ChatButton,
  FollowChannelButton,
  useChannelRelationship,
  useKakaoChannel,
} from 'kakao-channel/react';

// `accessToken` comes from your Kakao Login session (with the `plusfriends` consent).
export function App({ accessToken }: { accessToken?: string }) {
  const { error } = useKakaoChannel();
  const relationship = useChannelRelationship({ accessToken, channelPublicIds: ['_ZeUTxl'] });
  const [status, setStatus] = useState('');
  return (
    <main>
      <AddChannelButton channelPublicId="_ZeUTxl" size="large" />
      <ChatButton channelPublicId="https://pf.kakao.com/_ZeUTxl" color="mono" title="question" />
      <FollowChannelButton
        channelPublicId="_ZeUTxl"
        onResult={(result) => setStatus(result.status)}
        onError={(e) => setStatus(e.code)}
      >
        Follow our channel
      </FollowChannelButton>
      <output id="follow-status">{status}</output>
      <output id="relation">{relationship.data?.channels[0]?.relation ?? ''}</output>
      {error && <p role="alert">{error.message}</p>}
    </main>
  );
}
