import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { mailboxPage } from './mailbox-page.js';

/**
 * A local SMTP server that keeps every message it accepts, for development and tests, with an
 * HTTP mailbox to read them: `GET /api/messages` (JSON, newest first), `GET /api/messages/:id`,
 * `GET /api/messages/:id/html`, `DELETE /api/messages`, and a page at `/`.
 *
 * Every accepted copy is kept, duplicates included: a message whose Message-ID arrived before is
 * marked `duplicateOf`, so a resend is visible rather than folded away.
 *
 * Failure modes for tests: `POST /__control/reject {"code": 451, "message": "...", "count": 3}`
 * refuses the next `count` messages (all of them without `count`) at the end of DATA with that
 * reply; `DELETE /__control/reject` accepts again. 4xx is a temporary refusal, 5xx a permanent one.
 */
export interface SinkMessage {
  /** Position in the mailbox, from 1. */
  id: number;
  messageId: string | null;
  /** Earlier mailbox id with the same Message-ID, when this is a repeat. */
  duplicateOf: number | null;
  envelope: { from: string | null; to: string[] };
  from: string | null;
  to: string[];
  subject: string | null;
  language: string | null;
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
  receivedAt: string;
  size: number;
}

export interface Rejection {
  code: number;
  message: string;
  /** Messages left to refuse; Infinity until cleared. */
  remaining: number;
}

export interface SmtpSink {
  /** Messages so far, oldest first (every parse finished). */
  messages(): Promise<SinkMessage[]>;
  clear(): void;
  reject(rejection: { code?: number; message?: string; count?: number } | null): void;
  /** Resolves when at least `count` messages are in, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /** Listens (0 = any free port); resolves to the ports taken. */
  start(options?: { smtpPort?: number; httpPort?: number; host?: string }): Promise<{ smtpPort: number; httpUrl: string }>;
  stop(): Promise<void>;
}

interface Received {
  id: number;
  raw: Buffer;
  envelope: { from: string | null; to: string[] };
  receivedAt: Date;
  parsed: Promise<Omit<SinkMessage, 'duplicateOf'>>;
}

const headerValue = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) ? value.map(headerValue).join(', ') : value instanceof Date ? value.toISOString() : value && typeof value === 'object' && 'text' in value ? String((value as { text: unknown }).text) : JSON.stringify(value);

const addressOf = (address: SMTPServerAddress | false) => (address ? address.address : null);

export function createSmtpSink(options: { maxMessageBytes?: number } = {}): SmtpSink {
  const maxBytes = options.maxMessageBytes ?? 25 * 1024 * 1024;
  const received: Received[] = [];
  let rejection: Rejection | null = null;
  const waiters = new Set<() => void>();

  async function parse(entry: Received): Promise<Omit<SinkMessage, 'duplicateOf'>> {
    const mail = await simpleParser(entry.raw, { skipImageLinks: true });
    const headers = Object.fromEntries([...mail.headers].map(([key, value]) => [key, headerValue(value)]));
    const messageId = mail.messageId ?? null;
    const addresses = (value: typeof mail.to) =>
      (Array.isArray(value) ? value : value ? [value] : []).flatMap((group) => group.value.map((a) => a.address ?? '')).filter(Boolean);
    return {
      id: entry.id,
      messageId,
      envelope: entry.envelope,
      from: mail.from?.value[0]?.address ?? null,
      to: addresses(mail.to),
      subject: mail.subject ?? null,
      language: headers['content-language'] ?? null,
      text: mail.text ?? null,
      html: typeof mail.html === 'string' ? mail.html : null,
      headers,
      receivedAt: entry.receivedAt.toISOString(),
      size: entry.raw.length,
    };
  }

  const smtp = new SMTPServer({
    banner: 'Innkeeper SMTP sink',
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: maxBytes,
    logger: false,
    // Clients keep pooled connections open; stopping the sink should not wait for them.
    closeTimeout: 500,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if (rejection) {
          const { code, message } = rejection;
          rejection.remaining -= 1;
          if (rejection.remaining <= 0) rejection = null;
          return callback(Object.assign(new Error(message), { responseCode: code }));
        }
        const entry: Received = {
          id: received.length + 1,
          raw: Buffer.concat(chunks),
          envelope: { from: addressOf(session.envelope.mailFrom), to: session.envelope.rcptTo.map((rcpt) => rcpt.address) },
          receivedAt: new Date(),
          parsed: Promise.resolve() as never,
        };
        // Kept first, answered at once, parsed afterwards: like a real MTA queueing to disk, the
        // time between taking the message and saying 250 stays as short as it can be.
        received.push(entry);
        entry.parsed = parse(entry);
        callback(null, `Message queued as ${entry.id}`);
        for (const wake of waiters) wake();
      });
    },
  });

  // A client dropping its connection (a worker killed mid-send) is normal here, not a sink failure.
  smtp.on('error', () => undefined);

  /** Every message in arrival order, each repeat of a Message-ID pointing at its first copy. */
  async function messages(): Promise<SinkMessage[]> {
    const first = new Map<string, number>();
    return (await Promise.all(received.map((entry) => entry.parsed))).map((message) => {
      const earlier = message.messageId ? first.get(message.messageId) : undefined;
      if (message.messageId && earlier === undefined) first.set(message.messageId, message.id);
      return { ...message, duplicateOf: earlier ?? null };
    });
  }

  const http = Fastify({ logger: false });
  http.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(mailboxPage));
  http.get('/api/messages', async () => ({
    messages: (await messages()).reverse().map(({ html: _html, text: _text, headers: _headers, ...summary }) => summary),
  }));
  const byId = async (id: string) => (await messages())[Number(id) - 1];
  http.get<{ Params: { id: string } }>('/api/messages/:id', async (request, reply) => {
    const message = await byId(request.params.id);
    return message ?? reply.code(404).send({ error: 'no such message' });
  });
  http.get<{ Params: { id: string } }>('/api/messages/:id/html', async (request, reply) => {
    const message = await byId(request.params.id);
    if (!message) return reply.code(404).send({ error: 'no such message' });
    // The mail's HTML runs in a sandboxed iframe on the page; no scripts either way.
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'")
      .send(message.html ?? `<pre>${(message.text ?? '').replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)}</pre>`);
  });
  http.delete('/api/messages', async () => {
    sink.clear();
    return { cleared: true };
  });
  http.post<{ Body: { code?: number; message?: string; count?: number } | null }>('/__control/reject', async (request) => {
    sink.reject(request.body ?? {});
    return { rejecting: rejection };
  });
  http.delete('/__control/reject', async () => {
    sink.reject(null);
    return { rejecting: null };
  });

  const sink: SmtpSink = {
    messages,
    clear() {
      received.length = 0;
    },
    reject(next) {
      rejection = next ? { code: next.code ?? 451, message: next.message ?? 'Mailbox temporarily unavailable (sink told to refuse)', remaining: next.count ?? Infinity } : null;
    },
    async waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return messages();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`SMTP sink: ${received.length} of ${count} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        const wake = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
      });
      return messages();
    },
    async start({ smtpPort = 0, httpPort = 0, host = '127.0.0.1' } = {}) {
      await new Promise<void>((resolve, reject) => {
        smtp.server.once('error', reject);
        smtp.listen(smtpPort, host, () => {
          smtp.server.off('error', reject);
          resolve();
        });
      });
      const httpUrl = await http.listen({ port: httpPort, host });
      return { smtpPort: (smtp.server.address() as AddressInfo).port, httpUrl };
    },
    async stop() {
      await http.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
  return sink;
}
