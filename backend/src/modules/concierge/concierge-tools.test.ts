import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { describeTools, runTool, type StayActions } from './concierge-tools.js';

function actions(overrides: Partial<StayActions> = {}): StayActions & { created: unknown[] } {
  const created: unknown[] = [];
  return {
    created,
    categories: [
      { code: 'towels', name: 'Towels', items: ['Bath towels'] },
      { code: 'late_checkout', name: 'Late checkout', items: [] },
    ],
    createRequest: async (input) => (created.push(input), { id: 'r1', category: { name: 'Towels' }, status: 'new', dueAt: new Date('2026-03-01T10:00:00Z') }),
    folio: async () => ({ currency: 'EUR', balanceMinor: 1_000, complete: true, lines: [{ id: 'l1', date: '2026-03-01', description: 'Room', amountMinor: 1_000, kind: 'charge' }] }),
    propose: async () => ({ id: 'p1', expiresAt: new Date('2026-03-01T11:00:00Z') }),
    handoff: async () => undefined,
    ...overrides,
  };
}

describe('concierge tools', () => {
  it('offers strict JSON Schemas, and no request category that needs the guest to confirm', () => {
    const [request] = describeTools(actions().categories);
    expect(request!.parameters).toMatchObject({ additionalProperties: false, required: ['category', 'items', 'note'] });
    expect(JSON.stringify(request)).not.toContain('late_checkout');
  });

  it('gives unknown tools, broken JSON, extra or missing arguments back as errors without acting', async () => {
    const stay = actions();
    expect(await runTool(stay, 'delete_everything', '{}')).toEqual({ ok: false, error: 'unknown_tool: delete_everything' });
    expect(await runTool(stay, 'toString', '{}')).toEqual({ ok: false, error: 'unknown_tool: toString' });
    expect(await runTool(stay, 'create_service_request', '{"category":')).toEqual({ ok: false, error: 'invalid_arguments: not JSON' });
    expect(await runTool(stay, 'create_service_request', JSON.stringify({ category: 'towels', items: [], note: null, stayId: 'other' }))).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await runTool(stay, 'create_service_request', JSON.stringify({ category: 'late_checkout', items: [], note: null }))).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await runTool(stay, 'request_late_checkout', JSON.stringify({ time: '25:00' }))).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(stay.created).toEqual([]);
  });

  it("turns the service's refusals into results and provider outages into 'unavailable', but lets bugs through", async () => {
    const refusing = actions({ createRequest: async () => Promise.reject(new AppError('conflict', 'This stay is closed.')) });
    expect(await runTool(refusing, 'create_service_request', JSON.stringify({ category: 'towels', items: [], note: null }))).toEqual({ ok: false, error: 'conflict: This stay is closed.' });
    const down = actions({ folio: async () => Promise.reject(new AppError('integration_unavailable', 'PMS down')) });
    expect(await runTool(down, 'get_folio', '{}')).toMatchObject({ ok: false, error: expect.stringContaining('unavailable') });
    const broken = actions({ folio: async () => Promise.reject(new TypeError('bug')) });
    await expect(runTool(broken, 'get_folio', '{}')).rejects.toThrow('bug');
  });

  it('proposes a late check-out instead of doing it', async () => {
    expect(await runTool(actions(), 'request_late_checkout', JSON.stringify({ time: '13:00' }))).toEqual({
      ok: true,
      status: 'awaiting_guest_confirmation',
      proposalId: 'p1',
      summary: 'Late check-out at 13:00',
      expiresAt: '2026-03-01T11:00:00.000Z',
    });
  });
});
