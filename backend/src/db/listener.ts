import pg from 'pg';

export interface Listener {
  /** Calls `handler` with each payload NOTIFYed on `channel`. */
  subscribe(channel: string, handler: (payload: string) => void): void;
  /**
   * Calls `handler` after the connection was lost and re-established: notifications sent in
   * between are gone, so subscribers must refetch or drop caches.
   */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

const MAX_BACKOFF_MS = 10_000;

/**
 * The one LISTEN connection of a process. It reconnects with exponential backoff when the
 * connection drops and then tells subscribers, because NOTIFYs sent meanwhile are lost.
 */
export function createListener(databaseUrl: string, log: (message: string, error?: unknown) => void): Listener {
  const handlers = new Map<string, Array<(payload: string) => void>>();
  const reconnectHandlers: Array<() => void> = [];
  let client: pg.Client | undefined;
  let closed = false;
  let attempt = 0;
  let connecting: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const scheduleReconnect = () => {
    if (closed || timer) return;
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt += 1;
    timer = setTimeout(() => {
      timer = undefined;
      void connect(true);
    }, delay);
  };

  const connect = async (isReconnect: boolean) => {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    next.on('error', (error) => {
      log('LISTEN connection lost; reconnecting', error);
      next.removeAllListeners('error');
      next.on('error', () => undefined);
      void next.end().catch(() => undefined);
      if (client === next) client = undefined;
      scheduleReconnect();
    });
    try {
      await next.connect();
      for (const channel of handlers.keys()) await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      attempt = 0;
      if (isReconnect) for (const handler of reconnectHandlers) handler();
    } catch (error) {
      log('LISTEN connection failed; retrying', error);
      await next.end().catch(() => undefined);
      scheduleReconnect();
    }
  };

  return {
    subscribe(channel, handler) {
      const existing = handlers.get(channel);
      if (existing) {
        existing.push(handler);
        return;
      }
      handlers.set(channel, [handler]);
      if (client) void client.query(`LISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      else connecting ??= connect(false);
    },
    onReconnect(handler) {
      reconnectHandlers.push(handler);
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await connecting;
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
