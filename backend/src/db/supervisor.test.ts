import { describe, expect, it } from 'vitest';
import { supervise, type RunningProcess } from './supervisor.js';

const BACK_OFF = { firstMs: 250, maxMs: 1_000, stableMs: 60_000 };

function fakeProcess() {
  let end!: (how: string) => void;
  const exited = new Promise<string>((resolve) => {
    end = resolve;
  });
  let stopped = false;
  const process: RunningProcess = {
    exited,
    async stop() {
      stopped = true;
      end('code 0');
    },
  };
  return { process, end, wasStopped: () => stopped };
}

/** A supervisor on fakes: `starts` answers each start in turn; delays and log lines are recorded; time is `clock.now`. */
function harness(starts: Array<() => Promise<RunningProcess>>, wait?: (ms: number, signal: AbortSignal) => Promise<void>) {
  const first = fakeProcess();
  const delays: number[] = [];
  const logs: string[] = [];
  const waiters: Array<{ match: RegExp; resolve: () => void }> = [];
  const clock = { now: 0 };
  const supervisor = supervise(first.process, {
    name: 'fake db',
    start: () => starts.shift()!(),
    log: (message) => {
      logs.push(message);
      for (const waiter of waiters.filter(({ match }) => match.test(message))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    backOff: BACK_OFF,
    wait: async (ms, signal) => {
      delays.push(ms);
      await wait?.(ms, signal);
    },
    now: () => clock.now,
  });
  const logged = (match: RegExp) => new Promise<void>((resolve) => waiters.push({ match, resolve }));
  return { first, supervisor, delays, logs, logged, clock };
}

describe('supervise', () => {
  it('restarts a process that died, logging why and when', async () => {
    const second = fakeProcess();
    const h = harness([async () => second.process]);
    const restarted = h.logged(/restarted/);
    h.first.end('signal SIGKILL');
    await restarted;
    expect(h.logs).toEqual(['fake db exited unexpectedly (signal SIGKILL); restarting in 250 ms', 'fake db restarted']);
    expect(h.delays).toEqual([250]);
    await h.supervisor.stop();
    expect(second.wasStopped()).toBe(true);
  });

  it('backs off, doubling up to the maximum, while starting fails', async () => {
    const refuse = async (): Promise<RunningProcess> => {
      throw new Error('lock file "postmaster.pid" already exists');
    };
    const h = harness([refuse, refuse, refuse, refuse, async () => fakeProcess().process]);
    const restarted = h.logged(/restarted/);
    h.first.end('signal SIGKILL');
    await restarted;
    expect(h.delays).toEqual([250, 500, 1_000, 1_000, 1_000]);
    expect(h.logs[1]).toBe('fake db did not start again (lock file "postmaster.pid" already exists); next try in 500 ms');
    await h.supervisor.stop();
  });

  it('keeps backing off across quick crashes, and starts afresh after a stable run', async () => {
    const second = fakeProcess();
    const third = fakeProcess();
    const h = harness([async () => second.process, async () => third.process, async () => fakeProcess().process]);
    let restarted = h.logged(/restarted/);
    h.first.end('signal SIGKILL');
    await restarted;
    restarted = h.logged(/restarted/);
    h.clock.now += 1_000;
    second.end('signal SIGKILL');
    await restarted;
    restarted = h.logged(/restarted/);
    h.clock.now += BACK_OFF.stableMs;
    third.end('signal SIGKILL');
    await restarted;
    expect(h.delays).toEqual([250, 500, 250]);
    await h.supervisor.stop();
  });

  it('stops the process it watches and never restarts it', async () => {
    const h = harness([]);
    await h.supervisor.stop();
    expect(h.first.wasStopped()).toBe(true);
    expect(h.logs).toEqual([]);
  });

  it('gives up a pending restart when stopped during the back-off', async () => {
    let waiting!: () => void;
    const backingOff = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const untilAborted = (_ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        waiting();
        signal.addEventListener('abort', () => resolve());
      });
    const h = harness([async () => expect.fail('started after stop')], untilAborted);
    h.first.end('signal SIGKILL');
    await backingOff;
    await h.supervisor.stop();
    expect(h.logs).toEqual(['fake db exited unexpectedly (signal SIGKILL); restarting in 250 ms']);
  });
});
