import { toStrictJsonSchema } from 'openai/lib/transform';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import type { Slot, Treatment } from '../../integrations/spa/spa.port.js';
import { describeTools, runTool, type SpaActions, type StayActions } from './concierge-tools.js';
import { toolPhrases } from './tool-phrases.js';

const massage: Treatment = { id: 'massage-60', name: 'Massage', description: null, category: 'massage', durationMinutes: 60, price: { amount: 9_500, currency: 'EUR' } };
const facial: Treatment = { id: 'facial-45', name: 'Facial', description: null, category: 'facial', durationMinutes: 45, price: { amount: 7_000, currency: 'EUR' } };
const slot = (startsAt: string, therapist: string | null = null): Slot => ({ startsAt, endsAt: startsAt, therapist: therapist === null ? null : { id: therapist, name: `Therapist ${therapist}` } });

/** A spa with a massage free at 15:00 and 17:00 and a facial at 10:00, on any day. */
function spa(payments: SpaActions['payments'] = ['room', 'card']): SpaActions & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    payments,
    treatments: async () => [massage, facial],
    availability: async (treatmentId, date) => {
      asked.push(`${treatmentId} ${date}`);
      return treatmentId === massage.id ? [slot(`${date}T15:00:00+00:00`, 't-lena'), slot(`${date}T17:00:00+00:00`)] : [slot(`${date}T10:00:00+00:00`)];
    },
  };
}

function actions(overrides: Partial<StayActions> = {}): StayActions & { created: unknown[]; proposed: unknown[] } {
  const created: unknown[] = [];
  const proposed: unknown[] = [];
  return {
    created,
    proposed,
    say: toolPhrases('en', 'Europe/Lisbon'),
    timeZone: 'Europe/Lisbon',
    days: { from: '2026-03-01', to: '2026-03-03' },
    spa: null,
    categories: [
      { code: 'towels', name: 'Towels', items: ['Bath towels'] },
      { code: 'late_checkout', name: 'Late checkout', items: [] },
    ],
    createRequest: async (input) => (created.push(input), { id: 'r1', category: { name: 'Towels' }, status: 'new', dueAt: new Date('2026-03-01T10:00:00Z') }),
    folio: async () => ({ currency: 'EUR', balanceMinor: 1_000, complete: true, lines: [{ id: 'l1', date: '2026-03-01', description: 'Room', amountMinor: 1_000, kind: 'charge' }] }),
    propose: async (tool, args, summary) => (proposed.push({ tool, args, summary }), { id: 'p1', expiresAt: new Date('2026-03-01T11:00:00Z') }),
    handoff: async () => undefined,
    ...overrides,
  };
}

describe('concierge tools', () => {
  it('offers strict JSON Schemas, and no request category that needs the guest to confirm', () => {
    const [request] = describeTools(actions());
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
      summary: 'Late check-out at 13:00. Please confirm it below.',
      expiresAt: '2026-03-01T11:00:00.000Z',
    });
  });

  it('offers spa tools only where the hotel has a spa, booking only with a way to pay, and only the ways there are', () => {
    const names = (stay: StayActions) => describeTools(stay).map((tool) => tool.name);
    expect(names(actions())).not.toContain('get_spa_availability');
    expect(names(actions({ spa: spa([]) }))).toEqual(expect.arrayContaining(['list_spa_services', 'get_spa_availability']));
    expect(names(actions({ spa: spa([]) }))).not.toContain('book_spa');
    const book = describeTools(actions({ spa: spa(['card']) })).find((tool) => tool.name === 'book_spa')!;
    expect(book.parameters).toMatchObject({ additionalProperties: false, properties: { payment: { enum: ['card'] } } });
  });

  it("answers the spa's free times on a day of the stay, per treatment, with a summary in the guest's language", async () => {
    const inGerman = actions({ spa: spa(), say: toolPhrases('de', 'Europe/Lisbon') });
    const result = await runTool(inGerman, 'get_spa_availability', JSON.stringify({ date: '2026-03-02', service_id: null }));
    expect(result).toMatchObject({ ok: true, times: [{ service_id: 'massage-60', start: '2026-03-02T15:00:00+00:00', therapists: [{ id: 't-lena' }] }, { start: '2026-03-02T17:00:00+00:00', therapists: [] }, { service_id: 'facial-45' }] });
    expect(result.summary).toBe('Freie Termine am Montag, 2. März:\n- Massage (60 Min., 95,00\u00a0€): 15:00, 17:00\n- Facial (45 Min., 70,00\u00a0€): 10:00\nSagen Sie mir, welchen ich buchen soll.');
    expect(await runTool(inGerman, 'get_spa_availability', JSON.stringify({ date: '2026-03-09', service_id: null }))).toMatchObject({ ok: false, error: expect.stringContaining('outside_stay') });
    expect(await runTool(inGerman, 'get_spa_availability', JSON.stringify({ date: '2026-03-02', service_id: 'tattoo' }))).toMatchObject({ ok: false, error: expect.stringContaining('unknown_service') });
  });

  it('only proposes a spa booking, and only for a time that is free now; otherwise it offers the free ones', async () => {
    const stay = actions({ spa: spa() });
    const taken = await runTool(stay, 'book_spa', JSON.stringify({ service_id: 'massage-60', start: '2026-03-02T16:00:00+00:00', therapist_id: null, payment: 'room', notes: null }));
    expect(taken).toMatchObject({ ok: false, error: expect.stringContaining('slot_not_free'), alternatives: [{ start: '2026-03-02T15:00:00+00:00' }, { start: '2026-03-02T17:00:00+00:00' }] });
    const otherTherapist = await runTool(stay, 'book_spa', JSON.stringify({ service_id: 'massage-60', start: '2026-03-02T17:00:00+00:00', therapist_id: 't-lena', payment: 'room', notes: null }));
    expect(otherTherapist).toMatchObject({ ok: false });
    expect(stay.proposed).toEqual([]);

    const proposed = await runTool(stay, 'book_spa', JSON.stringify({ service_id: 'massage-60', start: '2026-03-02T15:00:00Z', therapist_id: 't-lena', payment: 'card', notes: 'Firm pressure' }));
    const summary = 'Massage (60 min, €95.00), Monday, March 2 at 15:00, with Therapist t-lena, on your card';
    expect(proposed).toMatchObject({ ok: true, status: 'awaiting_guest_confirmation', proposalId: 'p1', summary: `${summary}. Please confirm it below.` });
    // What the guest confirms is the time as the spa gave it.
    expect(stay.proposed).toEqual([{ tool: 'book_spa', args: { service_id: 'massage-60', start: '2026-03-02T15:00:00+00:00', therapist_id: 't-lena', payment: 'card', notes: 'Firm pressure' }, summary }]);
    expect(await runTool(stay, 'book_spa', JSON.stringify({ service_id: 'massage-60', start: '2026-03-02T15:00:00Z', therapist_id: null, payment: 'cash', notes: null }))).toMatchObject({ ok: false, error: 'invalid_arguments' });
  });

  it("offers only schemas the official OpenAI SDK's strict Structured Outputs check accepts as they are", () => {
    for (const tool of describeTools(actions({ spa: spa() }))) {
      expect(toStrictJsonSchema(structuredClone(tool.parameters)), tool.name).toEqual(tool.parameters);
    }
  });
});
