import { authHeaders, getAuth } from './api';

/** What guildgate's `GET /api/events` stream says. */
export type LiveEvent =
  | { type: 'invalidate'; guildId: string; module: string; source?: string }
  | { type: 'guild'; guildId: string; action: 'added' | 'removed' };

/** connecting, receiving, or off (this guildgate has no live updates, or the session ended). */
export type LiveState = 'connecting' | 'live' | 'off';

type Listener = (event: LiveEvent) => void;

/**
 * One stream per console, shared by every panel. A bot-token session reads it with fetch()
 * (EventSource cannot send the Authorization header); a cookie session uses EventSource. A 404
 * means this guildgate has no live updates: no retry, panels keep their refresh buttons.
 */
export class LiveFeed {
  private readonly listeners = new Set<Listener>();
  private readonly stateListeners = new Set<(state: LiveState) => void>();
  private stop: (() => void) | undefined;
  state: LiveState = 'off';

  start(): void {
    this.close();
    const auth = getAuth();
    if (!auth) return;
    this.stop = auth.kind === 'bot' ? this.streamWithFetch() : this.streamWithEventSource();
  }

  close(): void {
    this.stop?.();
    this.stop = undefined;
    this.setState('off');
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: (state: LiveState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private setState(state: LiveState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private dispatch(type: string, data: string): void {
    if (type !== 'invalidate' && type !== 'guild') return;
    try {
      const event = { type, ...(JSON.parse(data) as object) } as LiveEvent;
      for (const listener of this.listeners) listener(event);
    } catch {
      // not an event this console knows
    }
  }

  private streamWithEventSource(): () => void {
    this.setState('connecting');
    const source = new EventSource('/api/events');
    source.onopen = () => this.setState('live');
    source.onerror = () => this.setState(source.readyState === EventSource.CLOSED ? 'off' : 'connecting');
    for (const type of ['invalidate', 'guild']) source.addEventListener(type, (event) => this.dispatch(type, (event as MessageEvent<string>).data));
    return () => source.close();
  }

  private streamWithFetch(): () => void {
    const controller = new AbortController();
    let retryMs = 3000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = async (): Promise<void> => {
      this.setState('connecting');
      try {
        const response = await fetch('/api/events', { headers: { ...authHeaders(), Accept: 'text/event-stream' }, signal: controller.signal, cache: 'no-store' });
        // 404: no live updates here; 401: the session ended; 429: too many streams. None heals by retrying soon.
        if (!response.ok || !response.body) return this.setState('off');
        this.setState('live');
        await readEvents(response.body, (field, value) => (retryMs = Number(value) || retryMs), (type, data) => this.dispatch(type, data));
      } catch {
        if (controller.signal.aborted) return;
      }
      this.setState('connecting');
      timer = setTimeout(() => void connect(), retryMs);
    };
    void connect();
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }
}

/** Reads a text/event-stream body: each event's type and data; `retry:` goes to onRetry. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  onRetry: (field: string, value: string) => void,
  onEvent: (type: string, data: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') type = text;
        else if (field === 'data') data.push(text);
        else if (field === 'retry') onRetry(field, text);
      }
      if (data.length > 0) onEvent(type, data.join('\n'));
    }
  }
}

export const live = new LiveFeed();
