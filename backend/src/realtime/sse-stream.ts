import type { FastifyReply } from 'fastify';
import type { RealtimeEvent, StreamOwner, StreamScope } from './realtime-event.js';

/** A client this far behind (unsent bytes) is dropped; it reconnects with Last-Event-ID and catches up. */
const MAX_UNSENT_BYTES = 1_048_576;

/** What the hub and the realtime service need from a connected client. */
export interface StreamSink {
  readonly scope: StreamScope;
  readonly owner: StreamOwner;
  /** Starts the stream with what the client missed, or with a `resync` when that cannot be known. */
  open(start: { events: RealtimeEvent[] } | { resyncId: number | null }): void;
  /** Writes an event serialised once for all the streams that see it. */
  send(event: EncodedEvent): void;
  /** A transient event (no id, never replayed): dropped while the replay is being read. */
  sendTransient(type: string, data: Record<string, unknown>): void;
  resync(lastId: number | null): void;
  heartbeat(): void;
  close(): void;
  onClose(handler: () => void): void;
}

/** An event as it goes out: its frame's bytes, built once and written as they are to every stream. */
export interface EncodedEvent {
  id: number;
  frame: Buffer;
}

export function eventFrame(event: RealtimeEvent): string {
  const data = { type: event.type, subjectId: event.subjectId, stayId: event.stayId, department: event.department };
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function encodeEvent(event: RealtimeEvent): EncodedEvent {
  return { id: event.id, frame: Buffer.from(eventFrame(event)) };
}

/** Tells the client to refetch; with an id, so its next Last-Event-ID starts after what it refetched. */
export function resyncFrame(lastId: number | null): string {
  return `${lastId === null ? '' : `id: ${lastId}\n`}event: resync\ndata: {}\n\n`;
}

/**
 * One text/event-stream response. Until `open`, live events are held back (the replay is being
 * read), then written after the replay without the ones it already contained.
 */
export function createSseStream(reply: FastifyReply, grant: { scope: StreamScope; owner: StreamOwner }): StreamSink {
  const response = reply.raw;
  let held: Array<{ id: number | null; frame: string | Buffer }> | null = [];
  let closed = false;
  const closeHandlers: Array<() => void> = [];

  const finish = () => {
    if (closed) return;
    closed = true;
    for (const handler of closeHandlers) handler();
  };
  response.on('close', finish);

  let corked = false;
  const write = (frame: string | Buffer) => {
    if (closed) return;
    // Events fanned out in the same tick leave as one chunk: one socket write per client per
    // batch instead of one per event (500 clients x 200 events/s would be 100k writes/s).
    if (!corked) {
      corked = true;
      response.cork();
      process.nextTick(() => {
        corked = false;
        response.uncork();
      });
    }
    response.write(frame);
    if (response.writableLength > MAX_UNSENT_BYTES) stream.close();
  };

  const stream: StreamSink = {
    ...grant,
    open(start) {
      if (closed || held === null) return;
      reply.hijack();
      // Keep what hooks already set (helmet, request id) on the hijacked response.
      const fromHooks = Object.entries(reply.getHeaders()).filter((entry): entry is [string, string | number | string[]] => entry[1] !== undefined);
      response.writeHead(200, {
        ...Object.fromEntries(fromHooks),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx buffers proxied responses unless told not to.
        'x-accel-buffering': 'no',
      });
      const replayed = new Set<number>();
      let body = ': connected\n\n';
      if ('events' in start) {
        for (const event of start.events) {
          replayed.add(event.id);
          body += eventFrame(event);
        }
      } else {
        body += resyncFrame(start.resyncId);
      }
      const live = held.filter(({ id }) => id === null || !replayed.has(id));
      held = null;
      write(body);
      for (const { frame } of live) write(frame);
    },
    send(event) {
      if (held) held.push(event);
      else write(event.frame);
    },
    sendTransient(type, data) {
      if (!held) write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    resync(lastId) {
      if (held) held.push({ id: null, frame: resyncFrame(lastId) });
      else write(resyncFrame(lastId));
    },
    heartbeat() {
      // A comment line: ignored by EventSource, but keeps proxies from closing an idle stream.
      if (!held) write(': ping\n\n');
    },
    close() {
      if (held === null) response.end();
      else response.destroy();
      finish();
    },
    onClose(handler) {
      if (closed) handler();
      else closeHandlers.push(handler);
    },
  };
  return stream;
}
