import { describe, expect, it } from 'vitest';
import type { Listener } from '../db/listener.js';
import type { RealtimeEvent, StreamScope } from './realtime-event.js';
import { createRealtimeHub } from './realtime-hub.js';
import type { StreamSink } from './sse-stream.js';

const P1 = 'p1';
const STAY = 's1';

function fakeListener() {
  const handlers: Array<(payload: string) => void> = [];
  const reconnects: Array<() => void> = [];
  const listener: Listener = {
    subscribe: (_channel, handler) => void handlers.push(handler),
    onReconnect: (handler) => void reconnects.push(handler),
    close: async () => undefined,
  };
  return { listener, notify: (id: number) => handlers.forEach((h) => h(String(id))), reconnect: () => reconnects.forEach((h) => h()) };
}

function fakeSink(scope: StreamScope) {
  const received: string[] = [];
  const closeHandlers: Array<() => void> = [];
  const sink: StreamSink = {
    scope,
    open: () => undefined,
    send: (event) => void received.push(`${event.id}`),
    resync: (lastId) => void received.push(`resync:${lastId}`),
    heartbeat: () => void received.push('ping'),
    close: () => closeHandlers.forEach((h) => h()),
    onClose: (handler) => void closeHandlers.push(handler),
  };
  return { sink, received };
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
  const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

  it('offers each event only to the streams whose scope sees it', async () => {
    const { listener, notify } = fakeListener();
    const hub = createRealtimeHub({ listener, events, log: () => undefined });
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

  it('fetches ids that arrive during a fetch together', async () => {
    fetched.length = 0;
    const { listener, notify } = fakeListener();
    const hub = createRealtimeHub({ listener, events, log: () => undefined });
    hub.add(fakeSink({ kind: 'staff', propertyId: P1, departments: ['housekeeping'] }).sink);
    for (const id of [1, 2, 3]) notify(id);
    await flush();
    expect(fetched).toEqual([[1], [2, 3]]);
    hub.close();
  });

  it('tells every stream to resync after the LISTEN connection came back', async () => {
    const { listener, reconnect } = fakeListener();
    const hub = createRealtimeHub({ listener, events, log: () => undefined });
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
    const hub = createRealtimeHub({ listener, events, log: () => undefined, heartbeatMs: 5 });
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
});
