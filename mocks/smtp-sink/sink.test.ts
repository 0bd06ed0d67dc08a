import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpSink, type SmtpSink } from './sink.js';

/** A bare SMTP client: sends the commands one by one and returns every reply line. */
async function smtpSession(port: number, commands: string[]): Promise<string[]> {
  const socket = createConnection(port, '127.0.0.1');
  const replies: string[] = [];
  let buffer = '';
  let waiting: (() => void) | null = null;
  socket.on('data', (chunk) => {
    buffer += chunk.toString();
    let end: number;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      // "250-" continues a multi-line reply; "250 " ends it.
      if (/^\d{3} /.test(line)) {
        replies.push(line);
        waiting?.();
      }
    }
  });
  const nextReply = () => new Promise<void>((resolve) => (waiting = resolve));
  await nextReply();
  for (const command of commands) {
    const reply = nextReply();
    socket.write(`${command}\r\n`);
    await reply;
  }
  socket.end();
  return replies;
}

const message = (messageId: string) =>
  [
    'From: Innkeeper <no-reply@innkeeper.local>',
    'To: anna@guests.example',
    'Subject: Done: Towels',
    `Message-ID: ${messageId}`,
    'Content-Language: en',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Your request is done.',
    '.',
  ].join('\r\n');

const send = (port: number, messageId: string) =>
  smtpSession(port, ['EHLO test', 'MAIL FROM:<no-reply@innkeeper.local>', 'RCPT TO:<anna@guests.example>', 'DATA', message(messageId), 'QUIT']);

describe('SMTP sink', () => {
  let sink: SmtpSink;
  let smtpPort: number;
  let httpUrl: string;

  beforeAll(async () => {
    sink = createSmtpSink();
    ({ smtpPort, httpUrl } = await sink.start());
  });
  afterAll(() => sink.stop());

  it('keeps accepted mail and serves it as JSON, marking a repeated Message-ID', async () => {
    sink.clear();
    const replies = await send(smtpPort, '<one@test>');
    expect(replies[5]).toMatch(/^250 Message queued as 1/);
    await send(smtpPort, '<one@test>');

    const { messages } = await (await fetch(`${httpUrl}/api/messages`)).json();
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatchObject({ id: 1, messageId: '<one@test>', to: ['anna@guests.example'], subject: 'Done: Towels', language: 'en', duplicateOf: null });
    expect(messages[0]).toMatchObject({ id: 2, duplicateOf: 1 });
    const full = await (await fetch(`${httpUrl}/api/messages/1`)).json();
    expect(full.text).toContain('Your request is done.');
    expect((await fetch(`${httpUrl}/`)).headers.get('content-type')).toContain('text/html');
  });

  it('refuses mail with the configured reply until told to accept again', async () => {
    sink.clear();
    await fetch(`${httpUrl}/__control/reject`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 451, message: 'Later', count: 1 }) });
    expect((await send(smtpPort, '<two@test>'))[5]).toBe('451 Later');
    expect((await send(smtpPort, '<two@test>'))[5]).toMatch(/^250 /);
    expect(await sink.messages()).toHaveLength(1);
  });
});
