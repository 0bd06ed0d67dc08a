import { describe, expect, it, vi } from 'vitest';
import type { Listener } from '../db/listener.js';
import { REALTIME_CHANNEL, type RealtimeEvent, type StreamOwner, type StreamScope } from './realtime-event.js';
import { createRealtimeHub } from './realtime-hub.js';
import type { LiveSessions } from './realtime.repository.js';
import { REVOCATION_CHANNEL } from './revoke-realtime-access.js';
import { TRANSIENT_CHANNEL } from './publish-transient.js';
import type { EncodedEvent, StreamSink } from './sse-stream.js';

const P1 = 'p1';
const STAY = 's1';

function fakeListener() {
  const handlers = new Map<string, Array<(payload: string) => void>>();
  const reconnects: Array<() => void> = [];
  const listener: Listener = {
    subscribe: (channel, handler) => void handlers.set(channel, [...(handlers.get(channel) ?? []), handler]),
    onReconnect: (handler) => void reconnects.push(handler),
    close: async () => undefined,
  };
  const send = (channel: string, payload: string) => handlers.get(channel)?.forEach((h) => h(payload));
  return {
    listener,
    notify: (id: number) => send(REALTIME_CHANNEL, String(id)),
    revoke: (payload: string) => send(REVOCATION_CHANNEL, payload),
    transient: (payload: string) => send(TRANSIENT_CHANNEL, payload),
    reconnect: () => reconnects.forEach((h) => h()),
  };
}

const staffOwner = (sessionId: string, staffId = 'u1'): StreamOwner => ({ kind: 'staff', sessionId, staffId, role: 'housekeeping' });
const guestOwner = (sessionId: string): StreamOwner => ({ kind: 'guest', sessionId, stayId: STAY });

function fakeSink(scope: StreamScope, owner: StreamOwner = scope.kind === 'staff' ? staffOwner('ss1') : guestOwner('gs1')) {
  const received: string[] = [];
  const sent: EncodedEvent[] = [];
  const closeHandlers: Array<() => void> = [];
  let closed = false;
  const sink: StreamSink = {
    scope,
    owner,
    open: () => undefined,
    send: (event) => {
      sent.push(event);
      received.push(`${event.id}`);
    },
    sendTransient: (type) => void received.push(type),
    resync: (lastId) => void received.push(`resync:${lastId}`),
    heartbeat: () => void received.push('ping'),
    close: () => {
      closed = true;
      closeHandlers.forEach((h) => h());
    },
    onClose: (handler) => void closeHandlers.push(handler),
  };
  return { sink, received, sent, isClosed: () => closed };
}

const event = (id: number, fields: Partial<RealtimeEvent>): RealtimeEvent => ({
  id, propertyId: P1, stayId: null, department: null, type: 'request.created', subjectId: 'r', ...fields,
});

describe('realtime hub', () => {
  const rows = new Map<number, RealtimeEvent>([
    [1, event(1, { department: 'maintenance', stayId: STAY })],
    [2, event(2, { department: 'housekeeping', stayId: STAY })],
    [3, event(3, { department: 'housekeeping' })],
    [4, event(4, { propertyId: 'p2', department: 'housekeeping' })],
  ]);
  const fetched: number[][] = [];
  const events = {
    eventsByIds: async (ids: number[]) => (fetched.push(ids), ids.map((id) => rows.get(id)!).filter(Boolean)),
    idRange: async () => ({ oldest: 1, last: 4 }),
  };
  const allLive = {
    liveSessions: async (ids: { staff: string[]; guest: string[] }): Promise<LiveSessions> => ({
      staff: new Map(ids.staff.map((id) => [id, { staffId: 'u1', role: 'housekeeping', propertyIds: [P1] }])),
      guest: new Map(ids.guest.map((id) => [id, { stayId: STAY }])),
    }),
  };
  const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

  it('offers each event only to the streams whose scope sees it', async () => {
    const { listener, notify } = fakeListener();
    const hub = createRealtimeHub({ listener, events, sessions: allLive, log: () => undefined });
    const housekeeping = fakeSink({ kind: 'staff', propertyId: P1, departments: ['housekeeping'] });
    const manager = fakeSink({ kind: 'staff', propertyId: P1, departments: ['housekeeping', 'maintenance'] });
    const guest = fakeSink({ kind: 'guest', propertyId: P1, stayId: STAY });
    for (const { sink } of [housekeeping, manager, guest]) hub.add(sink);
    for (const id of [1, 2, 3, 4]) notify(id);
    await flush();
    expect(housekeeping.received).toEqual(['2', '3']);
    expect(manager.received).toEqual(['1', '2', '3']);
    expect(guest.received).toEqual(['1', '2']);
    hub.close();
  });

  it('serialises an event once and writes those same bytes to every stream that sees it', async () => {
    const { listener, notify } = fakeListener();
    const hub = createRealtimeHub({ listener, events, sessions: allLive, log: () => undefined });
    const staff = fakeSink({ kind: 'staff', propertyId: P1, departments: ['housekeeping'] });
    const guest = fakeSink({ kind: 'guest', propertyId: P1, stayId: STAY });
    hub.add(staff.sink);
    hub.add(guest.sink);
    notify(2);
    await flush();
    expect(staff.sent[0]).toBe(guest.sent[0]);
    expect(staff.sent[0]!.frame.toString()).toBe(
      'id: 2\nevent: request.created\ndata: {"type":"request.created","subjectId":"r","stayId":"s1","department":"housekeeping"}\n\n',
    );
    hub.close();
  });

  it("offers a stay's staff stream that stay's events only, of the departments it was given", async () => {
    const { listener, notify } = fakeListener();
    const hub = createRealtimeHub({ listener, events, sessions: allLive, log: () => undefined });
    const desk = fakeSink({ kind: 'staff', propertyId: P1, departments: ['housekeeping', 'maintenance'], stayId: STAY });
    hub.add(desk.sink);
    for (const id of [1, 2, 3, 4]) notify(id);
    await flush();
    // 3 is housekeeping's but of no stay; 4 is another property's.
    expect(desk.received).toEqual(['1', '2']);
    hub.close();
  });

  it("offers a transient event to that stay's guest streams only, and ignores malformed ones", () => {
    const { listener, transient } = fakeListener();
    const hub = createRealtimeHub({ listener, events, sessions: allLive, log: () => undefined });
    const staff = fakeSink({ kind: 'staff', propertyId: P1, departments: ['concierge'] });
    const guest = fakeSink({ kind: 'guest', propertyId: P1, stayId: STAY });
    const otherGuest = fakeSink({ kind: 'guest', propertyId: P1, stayId: 's2' });
    for (const { sink } of [staff, guest, otherGuest]) hub.add(sink);
    transient(JSON.stringify({ stayId: STAY, type: 'concierge.delta', data: { delta: 'Hi' } }));
    for (const malformed of ['not json', '{"stayId":"s1"}', JSON.stringify({ stayId: STAY, type: 'x', data: null })]) transient(malformed);
    expect(guest.received).toEqual(['concierge.delta']);
    expect(staff.received).toEqual([]);
    expect(otherGuest.received).toEqual([]);
    hub.close();
  });

  it('fetches ids that arrive during a fetch together', async () => {
    fetched.length = 0;
    const { listener, notify } = fakeListener();
    const hub = createRealtimeHub({ listener, events, sessions: allLive, log: () => undefined });
    hub.add(fakeSink({ kind: 'staff', propertyId: P1, departments: ['housekeeping'] }).sink);
    for (const id of [1, 2, 3]) notify(id);
    await flush();
    expect(fetched).toEqual([[1], [2, 3]]);
    hub.close();
  });

  it('tells every stream to resync after the LISTEN connection came back', async () => {
    const { listener, reconnect } = fakeListener();
    const hub = createRealtimeHub({ listener, events, sessions: allLive, log: () => undefined });
    const staff = fakeSink({ kind: 'staff', propertyId: P1, departments: ['spa'] });
    const guest = fakeSink({ kind: 'guest', propertyId: P1, stayId: STAY });
    hub.add(staff.sink);
    hub.add(guest.sink);
    reconnect();
    await flush();
    expect(staff.received).toEqual(['resync:4']);
    expect(guest.received).toEqual(['resync:4']);
    hub.close();
  });

  it('sends heartbeats, forgets closed streams and closes the rest on close', async () => {
    const { listener } = fakeListener();
    const hub = createRealtimeHub({ listener, events, sessions: allLive, log: () => undefined, heartbeatMs: 5 });
    const a = fakeSink({ kind: 'staff', propertyId: P1, departments: ['spa'] });
    const b = fakeSink({ kind: 'staff', propertyId: P1, departments: ['spa'] });
    hub.add(a.sink);
    hub.add(b.sink);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(a.received).toContain('ping');
    a.sink.close();
    expect(hub.size).toBe(1);
    hub.close();
    expect(hub.size).toBe(0);
  });

  const staffScope: StreamScope = { kind: 'staff', propertyId: P1, departments: ['housekeeping'] };
  const guestScope: StreamScope = { kind: 'guest', propertyId: P1, stayId: STAY };
  const stillOpen = (sinks: Record<string, ReturnType<typeof fakeSink>>) =>
    Object.entries(sinks).flatMap(([name, sink]) => (sink.isClosed() ? [] : [name]));

  it('closes exactly the streams a revocation names', () => {
    const { listener, revoke } = fakeListener();
    const hub = createRealtimeHub({ listener, events, sessions: allLive, log: () => undefined });
    const sinks = {
      ss1: fakeSink(staffScope, staffOwner('ss1')),
      ss2: fakeSink(staffScope, staffOwner('ss2')),
      otherUser: fakeSink(staffScope, staffOwner('ss3', 'u2')),
      gs1: fakeSink(guestScope, guestOwner('gs1')),
      gs2: fakeSink(guestScope, guestOwner('gs2')),
    };
    for (const { sink } of Object.values(sinks)) hub.add(sink);
    revoke('staff_session:ss1');
    expect(stillOpen(sinks)).toEqual(['ss2', 'otherUser', 'gs1', 'gs2']);
    revoke('staff_user:u1');
    expect(stillOpen(sinks)).toEqual(['otherUser', 'gs1', 'gs2']);
    revoke('guest_session:gs1');
    expect(stillOpen(sinks)).toEqual(['otherUser', 'gs2']);
    revoke(`stay:${STAY}`);
    expect(stillOpen(sinks)).toEqual(['otherUser']);
    for (const malformed of ['staff_user', 'toString:u2', 'staff_user:u2:x']) revoke(malformed);
    expect(stillOpen(sinks)).toEqual(['otherUser']);
    expect(hub.size).toBe(1);
    hub.close();
  });

  it('after a reconnect, closes the streams whose session ended or whose role or properties changed', async () => {
    const { listener, reconnect } = fakeListener();
    const live: LiveSessions = {
      staff: new Map([
        ['same', { staffId: 'u1', role: 'housekeeping', propertyIds: [P1, 'p2'] }],
        ['promoted', { staffId: 'u2', role: 'manager', propertyIds: [P1] }],
        ['moved', { staffId: 'u3', role: 'housekeeping', propertyIds: ['p2'] }],
      ]),
      guest: new Map([['guestLive', { stayId: STAY }]]),
    };
    const asked: Array<{ staff: string[]; guest: string[] }> = [];
    const sessions = { liveSessions: async (ids: { staff: string[]; guest: string[] }) => (asked.push(ids), live) };
    const hub = createRealtimeHub({ listener, events, sessions, log: () => undefined });
    const sinks = Object.fromEntries(
      [
        ...['same', 'promoted', 'moved', 'ended'].map((id) => [id, fakeSink(staffScope, staffOwner(id))] as const),
        ...['guestLive', 'guestEnded'].map((id) => [id, fakeSink(guestScope, guestOwner(id))] as const),
      ],
    );
    for (const { sink } of Object.values(sinks)) hub.add(sink);
    reconnect();
    await flush();
    expect(asked).toEqual([{ staff: ['same', 'promoted', 'moved', 'ended'], guest: ['guestLive', 'guestEnded'] }]);
    expect(stillOpen(sinks)).toEqual(['same', 'guestLive']);
    hub.close();
  });

  it('re-checks the sessions of open streams periodically, and keeps them when the check fails', async () => {
    const { listener } = fakeListener();
    let answer: () => Promise<LiveSessions> = () => Promise.reject(new Error('database down'));
    const logged: string[] = [];
    const hub = createRealtimeHub({
      listener,
      events,
      sessions: { liveSessions: () => answer() },
      log: (message) => void logged.push(message),
      revalidateMs: 5,
    });
    const expired = fakeSink(staffScope, staffOwner('expired'));
    hub.add(expired.sink);
    const closed = new Promise((resolve) => expired.sink.onClose(() => resolve(undefined)));
    await vi.waitFor(() => expect(logged).toContain('realtime: could not re-check the sessions of open streams'));
    expect(expired.isClosed()).toBe(false);
    answer = async () => ({ staff: new Map(), guest: new Map() });
    await closed;
    hub.close();
  });
});
