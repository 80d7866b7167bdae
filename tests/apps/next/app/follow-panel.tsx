'use client';
import { useState } from 'react';
import { FollowChannelButton, useChannelRelationship, useKakaoChannel } from 'kakao-channel/react';

// A Client Component: callbacks and hooks. `accessToken` comes from your Kakao Login session.
export function FollowPanel({ accessToken }: { accessToken?: string }) {
  const { ready, error } = useKakaoChannel();
  const relationship = useChannelRelationship({ accessToken, channelPublicIds: ['_ZeUTxl'] });
  const [status, setStatus] = useState('');
  return (
    <section data-ready={ready}>
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
    </section>
  );
}
