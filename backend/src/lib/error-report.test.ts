import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm';
import pg from 'pg';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../http/logging.js';
import { graphileLogger } from '../jobs/worker-logger.js';
import { errorSummary, reportError } from './error-report.js';

const CONFIRMATION = 'HV1001';
const TOKEN_HASH = 'a3f1c0ffee'.repeat(6);
const NOTE = 'extra pillows for Anna';

function pgError(code: string, message: string): Error {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  error.detail = `Key (confirmation)=(${CONFIRMATION}) already exists.`;
  return error;
}

/** A failed query exactly as drizzle throws it: its message and stack end in a `params:` line. */
const failedQuery = (cause: Error) =>
  new DrizzleQueryError('select * from stays where confirmation = $1 and token_hash = $2 and note = $3', [CONFIRMATION, TOKEN_HASH, NOTE], cause);

function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino(loggerOptions({ LOG_LEVEL: 'debug' }), stream), lines };
}

const secrets = [CONFIRMATION, TOKEN_HASH, NOTE];

describe('error reports', () => {
  it("keep a failed query's SQL and drop its parameters, in the message, the stack and the cause", () => {
    const report = reportError(failedQuery(pgError('23505', 'duplicate key value violates unique constraint "stays_confirmation_key"')));
    expect(report.message).toBe('Failed query: select * from stays where confirmation = $1 and token_hash = $2 and note = $3');
    expect(report.stack).toMatch(/^Error: Failed query: select .*\n\s+at /);
    expect(report.cause).toMatchObject({ code: '23505', message: 'duplicate key value violates unique constraint "stays_confirmation_key"' });
    for (const secret of secrets) expect(JSON.stringify(report)).not.toContain(secret);
  });

  it('redact the value PostgreSQL quotes in a data exception', () => {
    const report = reportError(pgError('22P02', `invalid input syntax for type uuid: "${CONFIRMATION}"`));
    expect(report.message).toBe('invalid input syntax for type uuid: "[redacted]"');
  });

  it('make one console line of an error and its causes', () => {
    const error = new Error('Could not start the embedded PostgreSQL', { cause: failedQuery(new Error('connect ECONNREFUSED 127.0.0.1:5432')) });
    const line = errorSummary(error);
    expect(line).toContain('Could not start the embedded PostgreSQL: Failed query: select');
    expect(line).toContain('connect ECONNREFUSED');
    for (const secret of secrets) expect(line).not.toContain(secret);
  });

  it('keep query parameters out of pino lines, whatever key or position the error is logged under', () => {
    const { logger, lines } = capturedLogger();
    const error = failedQuery(pgError('23505', 'duplicate key'));
    logger.error({ err: error }, 'unhandled error');
    logger.error(error);
    logger.warn({ err: undefined }, 'no error at all');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('Failed query: select');
    for (const secret of secrets) expect(lines.join('')).not.toContain(secret);
  });

  it("keep query parameters out of graphile-worker's lines about a failed task", () => {
    const { logger, lines } = capturedLogger();
    const error = failedQuery(pgError('23505', 'duplicate key'));
    const job = { id: '7', task_identifier: 'deliver_notification', attempts: 2, max_attempts: 8, payload: { note: NOTE }, last_error: `params: ${CONFIRMATION}` };
    // The text graphile-worker writes for a failed task (graphile-worker/dist/worker.js).
    graphileLogger(logger).error(
      `Failed task ${job.id} (${job.task_identifier}, 3.00ms, attempt 2 of 8) with error '${error.message}':\n  ${String(error.stack).replace(/\n/g, '\n  ')}`,
      { failure: true, job, error, duration: 3 },
    );
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line.msg).toBe("Failed task 7 (deliver_notification, 3.00ms, attempt 2 of 8) with error 'Failed query: select * from stays where confirmation = $1 and token_hash = $2 and note = $3");
    expect(line.job).toEqual({ id: '7', task: 'deliver_notification', attempts: 2, maxAttempts: 8 });
    expect(line.err.message).toContain('Failed query: select');
    for (const secret of secrets) expect(lines[0]).not.toContain(secret);
  });
});

describe('log lines about ID documents', () => {
  it('carry no document number, birth date, MRZ or picture, alone or inside an extraction', () => {
    const { logger, lines } = capturedLogger();
    const extraction = {
      provider: 'mock',
      fields: { documentNumber: { value: 'C4J7R2K95' }, dateOfBirth: { value: '1983-08-12' }, surname: { value: 'MUSTERMANN' } },
      mrz: { lines: ['P<D<<MUSTERMANN<<ERIKA', 'C4J7R2K955D<<8308125F3510315'] },
    };
    logger.info({ extraction }, 'read');
    logger.info({ guest: { documentNumber: 'C4J7R2K95', dateOfBirth: '1983-08-12' }, upload: { images: [{ bytes: 'iVBORw0KGgo' }] } }, 'upload');
    const logged = lines.join('');
    for (const secret of ['C4J7R2K95', '1983-08-12', '8308125', 'iVBORw0KGgo']) expect(logged).not.toContain(secret);
    expect(logged).toContain('"provider":"mock"');
  });
});
