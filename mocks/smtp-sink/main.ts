import { createSmtpSink } from './sink.js';

/** The development mail sink: `npm run dev:mock:smtp` (SMTP 2525, mailbox http://127.0.0.1:4106). */
const smtpPort = Number(process.env.SMTP_SINK_PORT ?? 2525);
const httpPort = Number(process.env.SMTP_SINK_HTTP_PORT ?? 4106);
const host = process.env.SMTP_SINK_HOST ?? '127.0.0.1';
const sink = createSmtpSink();

const started = await sink.start({ smtpPort, httpPort, host });
console.log(`SMTP sink on smtp://${host}:${started.smtpPort}; read the mail at ${started.httpUrl}/ (JSON: ${started.httpUrl}/api/messages)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sink.stop().then(() => process.exit(0));
  });
}
