import type { Listener } from '../db/listener.js';
import { REALTIME_CHANNEL, scopeSees, type RealtimeEvent } from './realtime-event.js';
import type { RealtimeRepository } from './realtime.repository.js';
import type { StreamSink } from './sse-stream.js';

/** Below the 30-60 s idle timeouts common in proxies and load balancers. */
const HEARTBEAT_MS = 15_000;

/**
 * Fans the process's one LISTEN channel out to its connected streams. A NOTIFY carries only an
 * event id; ids that arrive while a fetch runs are fetched together in the next one, so a burst
 * costs a few queries, not one per event.
 */
export function createRealtimeHub(deps: {
  listener: Listener;
  events: Pick<RealtimeRepository, 'eventsByIds' | 'idRange'>;
  log: (message: string, error?: unknown) => void;
  heartbeatMs?: number;
}) {
  // Staff streams by property, guest streams by stay: an event is offered only to those two sets.
  const byProperty = new Map<string, Set<StreamSink>>();
  const byStay = new Map<string, Set<StreamSink>>();
  let pending: number[] = [];
  let draining = false;
  let closed = false;

  const keyOf = (sink: StreamSink) =>
    sink.scope.kind === 'staff' ? { map: byProperty, key: sink.scope.propertyId } : { map: byStay, key: sink.scope.stayId };

  function* allSinks() {
    for (const set of byProperty.values()) yield* set;
    for (const set of byStay.values()) yield* set;
  }

  const remove = (sink: StreamSink) => {
    const { map, key } = keyOf(sink);
    const set = map.get(key);
    set?.delete(sink);
    if (set?.size === 0) map.delete(key);
  };

  const fanOut = (event: RealtimeEvent) => {
    for (const sink of byProperty.get(event.propertyId) ?? []) if (scopeSees(sink.scope, event)) sink.send(event);
    if (event.stayId) for (const sink of byStay.get(event.stayId) ?? []) sink.send(event);
  };

  const resyncAll = async () => {
    const lastId = await deps.events.idRange().then(
      (range) => range.last,
      () => null,
    );
    for (const sink of allSinks()) sink.resync(lastId);
  };

  const drain = async () => {
    if (draining) return;
    draining = true;
    try {
      while (pending.length > 0) {
        const ids = pending;
        pending = [];
        if (byProperty.size === 0 && byStay.size === 0) continue;
        try {
          for (const event of await deps.events.eventsByIds(ids)) fanOut(event);
        } catch (error) {
          deps.log('realtime: could not read notified events; telling clients to resync', error);
          for (const sink of allSinks()) sink.resync(null);
        }
      }
    } finally {
      draining = false;
    }
  };

  deps.listener.subscribe(REALTIME_CHANNEL, (payload) => {
    const id = Number(payload);
    if (!Number.isSafeInteger(id)) return;
    pending.push(id);
    void drain();
  });
  // NOTIFYs sent while the LISTEN connection was down are gone: every client must refetch.
  deps.listener.onReconnect(() => void resyncAll());

  const heartbeat = setInterval(() => {
    for (const sink of allSinks()) sink.heartbeat();
  }, deps.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  return {
    /** Registers a stream (before its replay is read, so nothing falls between replay and live). */
    add(sink: StreamSink): () => void {
      if (closed) {
        sink.close();
        return () => undefined;
      }
      const { map, key } = keyOf(sink);
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(sink);
      sink.onClose(() => remove(sink));
      return () => remove(sink);
    },

    get size(): number {
      let count = 0;
      for (const set of [...byProperty.values(), ...byStay.values()]) count += set.size;
      return count;
    },

    /** Ends every stream cleanly; called when the app closes so shutdown is not held open by them. */
    close(): void {
      closed = true;
      clearInterval(heartbeat);
      for (const sink of [...allSinks()]) sink.close();
    },
  };
}

export type RealtimeHub = ReturnType<typeof createRealtimeHub>;
