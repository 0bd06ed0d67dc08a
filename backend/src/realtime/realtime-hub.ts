import type { Listener } from '../db/listener.js';
import { REALTIME_CHANNEL, scopeSees, type RealtimeEvent } from './realtime-event.js';
import type { LiveSessions, RealtimeRepository } from './realtime.repository.js';
import { parseTransient, TRANSIENT_CHANNEL } from './publish-transient.js';
import { parseRevocation, REVOCATION_CHANNEL, revokes } from './revoke-realtime-access.js';
import { encodeEvent, type EncodedEvent, type StreamSink } from './sse-stream.js';

/** Below the 30-60 s idle timeouts common in proxies and load balancers. */
const HEARTBEAT_MS = 15_000;
/**
 * The backstop behind revocation NOTIFYs. It bounds how long a stream can outlive its session
 * when the NOTIFY never reaches it: the session expired (nothing is NOTIFYed then), the
 * revocation committed between the ticket check and the stream's registration, or the LISTEN
 * connection died without an error. One query by primary keys per process per interval.
 */
const REVALIDATE_MS = 30_000;

/** Whether the sessions as they are now still allow this stream, as it was opened. */
function stillAllowed(sink: StreamSink, live: LiveSessions): boolean {
  const { owner, scope } = sink;
  if (owner.kind === 'guest') return live.guest.get(owner.sessionId)?.stayId === owner.stayId;
  const session = live.staff.get(owner.sessionId);
  return session !== undefined && session.role === owner.role && session.propertyIds.includes(scope.propertyId);
}

/**
 * Fans the process's LISTEN connection out to its connected streams. An event NOTIFY carries only
 * an event id; ids that arrive while a fetch runs are fetched together in the next one, so a burst
 * costs a few queries, not one per event. A revocation NOTIFY ends the streams of the identity it
 * names, in whichever process holds them.
 */
export function createRealtimeHub(deps: {
  listener: Listener;
  events: Pick<RealtimeRepository, 'eventsByIds' | 'idRange'>;
  sessions: Pick<RealtimeRepository, 'liveSessions'>;
  log: (message: string, error?: unknown) => void;
  heartbeatMs?: number;
  revalidateMs?: number;
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
    // Serialised once, when the first stream sees it: 500 streams cost one JSON.stringify, not 500.
    let encoded: EncodedEvent | undefined;
    const deliver = (sink: StreamSink) => sink.send((encoded ??= encodeEvent(event)));
    for (const sink of byProperty.get(event.propertyId) ?? []) if (scopeSees(sink.scope, event)) deliver(sink);
    if (event.stayId) for (const sink of byStay.get(event.stayId) ?? []) deliver(sink);
  };

  const resyncAll = async () => {
    const lastId = await deps.events.idRange().then(
      (range) => range.last,
      () => null,
    );
    for (const sink of allSinks()) sink.resync(lastId);
  };

  /** Closes the streams whose session ended or whose user's role or properties changed. */
  const revalidate = async () => {
    const sinks = [...allSinks()];
    if (sinks.length === 0) return;
    const ids = { staff: [] as string[], guest: [] as string[] };
    for (const { owner } of sinks) ids[owner.kind].push(owner.sessionId);
    let live: LiveSessions;
    try {
      live = await deps.sessions.liveSessions(ids);
    } catch (error) {
      // Kept open until the next interval asks again: closing them would drop every client of the
      // process at each database hiccup, and their reconnects could not be checked either.
      deps.log('realtime: could not re-check the sessions of open streams', error);
      return;
    }
    for (const sink of sinks) if (!stillAllowed(sink, live)) sink.close();
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
  // Transient events are for the stay's guest only (an answer as it streams).
  deps.listener.subscribe(TRANSIENT_CHANNEL, (payload) => {
    const event = parseTransient(payload);
    if (!event) return;
    for (const sink of byStay.get(event.stayId) ?? []) sink.sendTransient(event.type, event.data);
  });
  // A revocation closes its identity's streams here; the client reconnects with a new ticket, which
  // its session (if still live) gets with the role and properties it has now.
  deps.listener.subscribe(REVOCATION_CHANNEL, (payload) => {
    const revocation = parseRevocation(payload);
    if (!revocation) return;
    for (const sink of [...allSinks()]) if (revokes(revocation, sink.owner)) sink.close();
  });
  // NOTIFYs sent while the LISTEN connection was down are gone: every client must refetch, and
  // revocations among them are found by asking the database at once rather than at the next interval.
  deps.listener.onReconnect(() => {
    void resyncAll();
    void revalidate();
  });

  const heartbeat = setInterval(() => {
    for (const sink of allSinks()) sink.heartbeat();
  }, deps.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  const revalidation = setInterval(() => void revalidate(), deps.revalidateMs ?? REVALIDATE_MS);
  revalidation.unref();

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
      clearInterval(revalidation);
      for (const sink of [...allSinks()]) sink.close();
    },
  };
}

export type RealtimeHub = ReturnType<typeof createRealtimeHub>;
