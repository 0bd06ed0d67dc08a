import { describe, expect, it, vi } from 'vitest';
import { shutdownOnce, type ShutdownStep } from './shutdown.js';

function harness(steps: ShutdownStep[], graceMs = 1_000) {
  const lines: string[] = [];
  const exits: number[] = [];
  const shutdown = shutdownOnce({ info: (line) => lines.push(line), error: (line) => lines.push(line) }, steps, (code) => exits.push(code), graceMs);
  return { shutdown, lines, exits };
}

describe('shutdownOnce', () => {
  it('runs every step in order once, however often it is asked, and exits 0', async () => {
    const order: string[] = [];
    const { shutdown, exits } = harness([
      ['a', async () => void order.push('a')],
      ['b', async () => void order.push('b')],
    ]);
    await Promise.all([shutdown('SIGTERM'), shutdown('SIGINT')]);
    expect(order).toEqual(['a', 'b']);
    expect(exits).toEqual([0]);
  });

  it('carries on past a failing step (PostgreSQL is still stopped), logs it and exits 1', async () => {
    const stopped: string[] = [];
    const { shutdown, lines, exits } = harness([
      ['finishing running jobs', async () => Promise.reject(new Error('Connection terminated unexpectedly'))],
      ['stopping PostgreSQL', async () => void stopped.push('postgres')],
    ]);
    await shutdown('SIGTERM');
    expect(stopped).toEqual(['postgres']);
    expect(lines).toContain('shutdown: finishing running jobs failed (Connection terminated unexpectedly); carrying on');
    expect(exits).toEqual([1]);
  });

  it('exits 1 when a step hangs past the grace period', async () => {
    vi.useFakeTimers();
    try {
      const { shutdown, lines, exits } = harness([['finishing running jobs', () => new Promise<void>(() => undefined)]], 5_000);
      void shutdown('SIGTERM');
      await vi.advanceTimersByTimeAsync(4_999);
      expect(exits).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(exits).toEqual([1]);
      expect(lines).toContain('shutdown took over 5 s; exiting');
      expect(lines).toContain('shutdown: finishing running jobs had not finished');
    } finally {
      vi.useRealTimers();
    }
  });
});
