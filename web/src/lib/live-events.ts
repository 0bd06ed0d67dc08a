import { useEffect, useRef, useState } from 'react';
import { REALTIME_EVENT_TYPES } from '../../../backend/src/domain/realtime-event-types';

const MAX_BACKOFF_MS = 15_000;

/**
 * Follows a server-sent event stream. EventSource cannot send an Authorization header, so each
 * connection opens with a single-use ticket fetched with the bearer token; after a drop it fetches
 * a new ticket and resumes from the last event id, so nothing is missed. Returns whether the
 * stream is open right now.
 */
export function useLiveEvents(options: {
  enabled: boolean;
  /** Changes of key reconnect (e.g. another property). */
  key: string;
  ticket(): Promise<string>;
  url(ticket: string, lastEventId: string | undefined): string;
  onEvent(type: string, data: unknown): void;
}): boolean {
  const latest = useRef(options);
  latest.current = options;
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!options.enabled) return;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastEventId: string | undefined;
    let attempt = 0;
    let stopped = false;

    const retry = () => {
      source?.close();
      setConnected(false);
      if (stopped) return;
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt);
      attempt += 1;
      timer = setTimeout(() => void connect(), delay);
    };
    const connect = async () => {
      let ticket: string;
      try {
        ticket = await latest.current.ticket();
      } catch {
        return retry();
      }
      if (stopped) return;
      source = new EventSource(latest.current.url(ticket, lastEventId));
      source.onopen = () => {
        attempt = 0;
        setConnected(true);
      };
      source.onerror = retry;
      for (const type of REALTIME_EVENT_TYPES) {
        source.addEventListener(type, (event) => {
          const message = event as MessageEvent<string>;
          if (message.lastEventId) lastEventId = message.lastEventId;
          let data: unknown = null;
          try {
            data = JSON.parse(message.data);
          } catch {
            data = null;
          }
          latest.current.onEvent(type, data);
        });
      }
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
      setConnected(false);
    };
  }, [options.enabled, options.key]);
  return connected;
}
