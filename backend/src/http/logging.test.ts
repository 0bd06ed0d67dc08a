import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { logDestination, loggerOptions, prettyLogs } from './logging.js';

function capture() {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { out, text: () => chunks.join('') };
}

describe('log format', () => {
  it('writes JSON for log collectors unless a person reads a terminal in development, or it is asked for', () => {
    expect(prettyLogs({ LOG_FORMAT: 'auto', NODE_ENV: 'development' }, true)).toBe(true);
    expect(prettyLogs({ LOG_FORMAT: 'auto', NODE_ENV: 'development' }, false)).toBe(false);
    expect(prettyLogs({ LOG_FORMAT: 'auto', NODE_ENV: 'production' }, true)).toBe(false);
    expect(prettyLogs({ LOG_FORMAT: 'pretty', NODE_ENV: 'production' }, false)).toBe(true);
    expect(prettyLogs({ LOG_FORMAT: 'json', NODE_ENV: 'development' }, true)).toBe(false);
  });

  it.each(['json', 'pretty'] as const)('writes %s lines that still redact secrets', async (format) => {
    const { out, text } = capture();
    const logger = pino(loggerOptions({ LOG_LEVEL: 'info' }), logDestination({ LOG_FORMAT: format, NODE_ENV: 'development' }, false, out));
    logger.info({ body: { password: 'hunter2' } }, 'signed in');
    await new Promise((resolve) => setImmediate(resolve));
    const line = text();
    expect(line).toContain('signed in');
    expect(line).toContain('[redacted]');
    expect(line).not.toContain('hunter2');
    if (format === 'json') expect(JSON.parse(line)).toMatchObject({ msg: 'signed in', level: 30 });
    else expect(line).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: signed in/);
  });
});
