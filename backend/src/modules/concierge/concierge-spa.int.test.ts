import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminId } from '../../../test/notifications.js';
import { bearer, createTestApp, guestToken, type TestApp } from '../../../test/test-app.js';
import { mockConciergeByProperty } from '../../integrations/concierge/mock/mock.provider.js';
import { mockSpaByProperty } from '../../integrations/spa/mock/mock.provider.js';

const call = (name: string, args: unknown) => ({ toolCalls: [{ name, arguments: args, id: `call_${name}` }] });

describe('the concierge books the spa (in-process spa; the mock concierge at harbour, the local one at alpine)', () => {
  let t: TestApp;
  let db: pg.Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    for (const { id, code } of (await db.query(`SELECT id, code FROM properties`)).rows) ids[code] = id;
    await t.ctx.integrations.save('concierge', ids.alpine!, { provider: 'local', config: {} }, await adminId(t.ctx));
    // The instances the app uses, so the test can script the model and read the spa's free times.
    await t.ctx.integrations.resolve('concierge', ids.harbour!);
    await t.ctx.integrations.resolve('spa', ids.harbour!);
    await t.ctx.integrations.resolve('spa', ids.alpine!);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const model = () => mockConciergeByProperty.get(ids.harbour!)!;
  const tomorrow = (zone: string) => DateTime.now().setZone(zone).plus({ days: 1 }).toISODate()!;
  const post = async (token: string, text: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/stay/concierge/messages', headers: bearer(token), payload: { text, clientMessageId: randomUUID() } });
    expect(response.statusCode).toBe(201);
    return response.json() as { replies: Array<{ author: string; text: string }> };
  };
  const chat = async (token: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/stay/concierge', headers: bearer(token) })).json();
  const decide = (token: string, proposalId: string, decision = 'confirm') =>
    t.app.inject({ method: 'POST', url: `/api/v1/stay/concierge/proposals/${proposalId}`, headers: bearer(token), payload: { decision } });
  const bookingsOf = async (confirmation: string) =>
    (await db.query(`SELECT b.status, b.request_key, b.treatment_id, b.starts_at, b.payment, b.notes FROM spa_bookings b JOIN stays s ON s.id = b.stay_id WHERE s.confirmation_number = $1`, [confirmation])).rows;

  it('the model can only propose a booking; the guest confirms it once, it is booked once, and the chat says so', async () => {
    const anna = await guestToken(t.app, 'HV1001', 'Müller');
    const day = tomorrow('Europe/Lisbon');
    const [slot] = await mockSpaByProperty.get(ids.harbour!)!.port.availability('massage-60', day);
    model().queueTurn(
      call('get_spa_availability', { date: day, service_id: 'massage-60' }),
      call('book_spa', { service_id: 'massage-60', start: slot!.startsAt, therapist_id: null, payment: 'room', notes: 'Firm pressure' }),
      { text: 'Please confirm the booking below.' },
    );
    await post(anna, 'Could I have a massage tomorrow morning?');
    expect(await bookingsOf('HV1001')).toEqual([]);
    const [proposal] = (await chat(anna)).proposals;
    expect(proposal).toMatchObject({ tool: 'book_spa', status: 'proposed', summary: expect.stringContaining('60') });

    // Another guest cannot confirm it.
    const chidi = await guestToken(t.app, 'HV1002', 'Okafor');
    expect((await decide(chidi, proposal.id)).statusCode).toBe(404);

    const confirmed = await decide(anna, proposal.id);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', result: { ok: true, status: 'booked' } });
    expect((await decide(anna, proposal.id)).json()).toEqual(confirmed.json());
    expect(await bookingsOf('HV1001')).toEqual([
      { status: 'booked', request_key: `concierge:${proposal.id}`, treatment_id: 'massage-60', starts_at: new Date(slot!.startsAt), payment: 'room', notes: 'Firm pressure' },
    ]);
    const after = await chat(anna);
    expect(after.proposals).toEqual([]);
    expect(after.messages.at(-1)).toMatchObject({ author: 'ai', text: expect.stringContaining(proposal.summary) });

    // The next turn shows the model what its tools answered before, so it can follow up on them.
    model().queueTurn({ text: 'You are welcome.' });
    await post(anna, 'Thank you!');
    const thread = model().turns.at(-1)!.messages;
    expect(thread).toContainEqual({ role: 'tool', toolCallId: 'call_book_spa', content: expect.stringContaining('awaiting_guest_confirmation') });
    expect(thread.at(-1)).toEqual({ role: 'user', content: 'Thank you!' });
  });

  it('a time taken before the guest confirms is not booked: the confirmation is answered, and the chat says it could not be', async () => {
    const sofia = await guestToken(t.app, 'HV1003', 'Ferreira');
    const day = tomorrow('Europe/Lisbon');
    const start = (await mockSpaByProperty.get(ids.harbour!)!.port.availability('facial-45', day)).at(-1)!.startsAt;
    model().queueTurn(call('book_spa', { service_id: 'facial-45', start, therapist_id: null, payment: 'room', notes: null }), { text: 'Please confirm below.' });
    await post(sofia, 'Book me a facial tomorrow at the last time');
    const [proposal] = (await chat(sofia)).proposals;

    // Meanwhile other guests take that time with every therapist.
    for (const [confirmation, name] of [['HV1005', 'Dubois'], ['HV1006', 'Tanaka']] as const) {
      const other = await guestToken(t.app, confirmation, name);
      const taken = await t.app.inject({ method: 'POST', url: '/api/v1/stay/spa/bookings', headers: { ...bearer(other), 'idempotency-key': randomUUID() }, payload: { treatmentId: 'facial-45', startsAt: start, payment: 'room' } });
      expect(taken.statusCode).toBe(201);
    }
    const confirmed = await decide(sofia, proposal.id);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', result: { ok: false } });
    expect((await bookingsOf('HV1003')).filter((booking) => booking.status === 'booked')).toEqual([]);
    expect((await chat(sofia)).messages.at(-1)).toMatchObject({ author: 'ai', text: expect.stringContaining(proposal.summary) });
  });

  it("the local concierge (no model) lists tomorrow's free times, proposes the one the guest names, and the guest books it", async () => {
    const lukas = await guestToken(t.app, 'AL2002', 'Meier');
    const day = tomorrow('Europe/Zurich');
    const free = await mockSpaByProperty.get(ids.alpine!)!.port.availability('massage-60', day);
    const wanted = free.find((slot) => slot.startsAt.slice(11, 16) === '15:00')!;

    const [times] = (await post(lukas, 'Is a massage available tomorrow?')).replies;
    expect(times!.text).toContain('15:00');
    expect(await bookingsOf('AL2002')).toEqual([]);

    await post(lukas, 'Please book the massage at 15:00');
    const [proposal] = (await chat(lukas)).proposals;
    expect(proposal).toMatchObject({ tool: 'book_spa', summary: expect.stringContaining('15:00') });
    expect((await decide(lukas, proposal.id)).json()).toMatchObject({ result: { ok: true, status: 'booked' } });
    expect(await bookingsOf('AL2002')).toEqual([expect.objectContaining({ status: 'booked', treatment_id: 'massage-60', starts_at: new Date(wanted.startsAt) })]);
  });
});
