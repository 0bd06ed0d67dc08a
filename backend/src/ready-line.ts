import { connect } from 'node:net';

/**
 * The one plain line `npm start` prints once the API answers /health and the worker and mocks are up: where guests, staff and
 * admins go, the demo sign-ins and where mail lands. The processes' own logs stay JSON lines for
 * log collectors; this line is for the person who typed `npm start`.
 */
export interface ReadyFacts {
  /** PUBLIC_BASE_URL: where guests open the app. */
  baseUrl: string;
  /** The local SMTP sink's mailbox page, when `npm start` runs it. */
  mailUrl: string | undefined;
  /** Whether the demo data (db/seed.sql) is what this database holds: only the embedded one is seeded. */
  demo: boolean;
}

/** Accounts and stay of db/seed.sql; the README's demo data table lists the same. */
const DEMO_SIGN_INS = 'staff admin@innkeeper.local or frontdesk@harbour.local, password innkeeper-demo; guest HV1001 / Müller';

export function readyLine({ baseUrl, mailUrl, demo }: ReadyFacts): string {
  const base = baseUrl.replace(/\/+$/, '');
  return [
    `Innkeeper is ready: guest ${base}/`,
    `staff ${base}/staff`,
    `admin ${base}/staff/admin`,
    ...(demo ? [DEMO_SIGN_INS] : []),
    ...(mailUrl ? [`mail ${mailUrl}`] : []),
  ].join(' · ');
}

/** Where this machine reaches an API listening on HOST:PORT (a wildcard address means any local one). */
export function healthUrl(host: string, port: number): string {
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${local.includes(':') ? `[${local}]` : local}:${port}/health`;
}

// The API is asked often: the mocks and the worker start only once it answers (start.ts), and each
// 250 ms of polling was up to a quarter of a second added to every start.
const POLL_MS = 50;

/** Polls `check` until it says yes (true) or `gaveUp()` does (false). */
async function pollUntil(check: () => Promise<boolean>, gaveUp: () => boolean): Promise<boolean> {
  while (!gaveUp()) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}

/**
 * Resolves true once `url` answers 200, or false as soon as `gaveUp()` says the API is gone. The
 * API needs a few seconds (migrations, the first PMS sync); polling its health is the one signal
 * that does not depend on how it logs.
 */
export function waitUntilHealthy(url: string, gaveUp: () => boolean): Promise<boolean> {
  return pollUntil(
    () =>
      fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.ok,
        () => false,
      ),
    gaveUp,
  );
}

/** Resolves true once something accepts TCP connections on 127.0.0.1:`port` (a mock server), false once `gaveUp()`. */
export function waitUntilListening(port: number, gaveUp: () => boolean): Promise<boolean> {
  return pollUntil(
    () =>
      new Promise((resolve) => {
        const socket = connect({ port, host: '127.0.0.1' });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      }),
    gaveUp,
  );
}
