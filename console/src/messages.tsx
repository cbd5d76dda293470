import { useEffect, useRef, useState } from 'preact/hooks';
import { call, messageOf } from './api';
import { live } from './live';
import { ErrorText, Panel, useLive, useResource } from './panel';
import { displayName, type Channel, type Message } from './types';

const PAGE = 50;

/** A channel's messages, newest first, older pages on demand; a composer above them. */
export function MessagesPanel({ guildId, channel }: { guildId: string; channel: Channel }) {
  const latest = useResource<Message[]>(`/api/channels/${channel.id}/messages?limit=${PAGE}`);
  const [older, setOlder] = useState<Message[]>([]);
  const [olderError, setOlderError] = useState<string>();
  const [exhausted, setExhausted] = useState(false);
  useLive(guildId, ['MESSAGES'], () => void latest.reload());

  const first = latest.data ?? [];
  const seen = new Set(first.map((message) => message.id));
  const all = [...first, ...older.filter((message) => !seen.has(message.id))];

  const loadOlder = async () => {
    const oldest = all[all.length - 1];
    if (!oldest) return;
    try {
      const { data } = await call<Message[]>(`/api/channels/${channel.id}/messages?limit=${PAGE}&before=${oldest.id}`);
      setOlder((previous) => [...previous, ...data]);
      if (data.length < PAGE) setExhausted(true);
    } catch (error) {
      setOlderError(messageOf(error));
    }
  };

  return (
    <Panel title={`Messages in #${channel.name ?? channel.id}`} id="messages" class="messages-panel" source={latest.source} loading={latest.loading} onRefresh={() => void latest.reload(true)}>
      <Composer channelId={channel.id} afterSend={() => live.state !== 'live' && void latest.reload()} />
      <ErrorText error={latest.error ?? olderError} />
      <ol class="messages" aria-label="Messages, newest first" tabIndex={0}>
        {all.map((message) => (
          <li key={message.id} class="message">
            <p class="meta">
              <b>{displayName(message.author)}</b> <time dateTime={message.timestamp}>{new Date(message.timestamp).toLocaleString()}</time>
            </p>
            <p class="content">{message.content || <i>(no text)</i>}</p>
          </li>
        ))}
      </ol>
      {latest.data && all.length === 0 && <p>No messages yet.</p>}
      {first.length >= PAGE && !exhausted && (
        <button type="button" onClick={() => void loadOlder()}>
          Load older messages
        </button>
      )}
    </Panel>
  );
}

function Composer({ channelId, afterSend }: { channelId: string; afterSend(): void }) {
  const [content, setContent] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setError(undefined), [channelId]);

  const send = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await call(`/api/channels/${channelId}/messages`, { method: 'POST', body: { content } });
      setContent('');
      afterSend();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
      field.current?.focus();
    }
  };

  return (
    <form class="composer" onSubmit={send}>
      <label for="message">Message</label>
      <textarea
        id="message"
        ref={field}
        rows={2}
        value={content}
        aria-invalid={error ? 'true' : 'false'}
        aria-describedby={error ? 'message-error' : undefined}
        onInput={(event) => setContent((event.target as HTMLTextAreaElement).value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send(event);
        }}
      />
      <button type="submit" disabled={busy}>
        Send
      </button>
      {error && (
        <p id="message-error" class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
