/** A server-sent event as EventSource would deliver it. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
  /** When this process parsed it (performance.now()), for latency measurements. */
  receivedAt: number;
}

export interface SseConnection {
  status: number;
  /** The error body when the server did not open a stream. */
  body?: string;
  events: SseEvent[];
  comments: number;
  /** Resolves with the first event (already received or future) that matches, or rejects after `timeoutMs`. */
  waitFor(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * A small text/event-stream reader over fetch, enough for tests and benchmarks: it follows the
 * parsing rules of the HTML spec for `id`, `event`, `data` and comment lines.
 */
export async function openSse(url: string, headers: Record<string, string> = {}, onEvent?: (event: SseEvent) => void): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters: Array<{ match: (event: SseEvent) => boolean; resolve: (event: SseEvent) => void }> = [];
  const connection: SseConnection = {
    status: response.status,
    events,
    comments: 0,
    ended: Promise.resolve(),
    waitFor(match, timeoutMs = 5_000) {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching SSE event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.event))}`)), timeoutMs);
        waiters.push({ match, resolve: (event) => (clearTimeout(timer), resolve(event)) });
      });
    },
    close: () => controller.abort(),
  };
  if (response.status !== 200 || !response.body) {
    connection.body = await response.text();
    return connection;
  }

  const dispatch = (block: string) => {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    let comment = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        comment = true;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) {
      if (comment) connection.comments += 1;
      return;
    }
    const parsed: SseEvent = { id, event, data: data.join('\n'), receivedAt: performance.now() };
    events.push(parsed);
    onEvent?.(parsed);
    for (const waiter of [...waiters]) {
      if (waiter.match(parsed)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(parsed);
      }
    }
  };

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  connection.ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value.replace(/\r\n?/g, '\n');
        let boundary = buffer.indexOf('\n\n');
        while (boundary !== -1) {
          dispatch(buffer.slice(0, boundary));
          buffer = buffer.slice(boundary + 2);
          boundary = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted by close(): the stream simply ends.
    }
  })();
  return connection;
}
