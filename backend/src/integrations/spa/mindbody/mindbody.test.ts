import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINDBODY_MOCK_API_KEY, MINDBODY_MOCK_LOCATION_ID, MINDBODY_MOCK_PASSWORD, MINDBODY_MOCK_SITE_ID, MINDBODY_MOCK_USERNAME } from '../../../../../mocks/mindbody/credentials.js';
import { createMindbodyMock, type MindbodyMock } from '../../../../../mocks/mindbody/server.js';
import { validateMindbodyRequest } from '../../../../../mocks/mindbody/spec-validator.js';
import { controlClient } from '../../../../../mocks/shared/control-client.js';
import { auditVendorRequests } from '../../../../test/vendor-request-audit.js';
import { createHttpClientFactory } from '../../http.js';
import { runSpaContract } from '../spa.contract.js';
import type { BookInput } from '../spa.port.js';
import { createMindbodySpa } from './mindbody.adapter.js';
import { mindbodyConfigSchema } from './mindbody.provider.js';

const alpine = { id: 'prop-alpine', code: 'alpine', timeZone: 'Europe/Zurich', currency: 'CHF' };
const vendorContract = auditVendorRequests(validateMindbodyRequest);

/** The adapter on the mock at `origin`; a lost answer is heard as a timeout after `timeoutMs`. */
function adapterFor(origin: string, overrides: Record<string, unknown> = {}) {
  const config = mindbodyConfigSchema.parse({
    apiBaseUrl: `${origin}/public/v6`,
    apiKey: MINDBODY_MOCK_API_KEY,
    siteId: MINDBODY_MOCK_SITE_ID,
    username: MINDBODY_MOCK_USERNAME,
    password: MINDBODY_MOCK_PASSWORD,
    locationId: MINDBODY_MOCK_LOCATION_ID,
    timeoutMs: 1_500,
    ...overrides,
  });
  return createMindbodySpa(config, { http: createHttpClientFactory({ production: false, fetch: vendorContract.wrap(fetch) }), clock: { now: () => new Date() }, property: alpine });
}

const loseNextBooking = (origin: string) => controlClient(origin)('/__control/lose-answers', { operation: '/appointment/addappointment', count: 1 });
const bookingsOf = (mock: MindbodyMock, reference: string) => mock.state.appointments.filter((appointment) => appointment.PartnerExternalId === reference);

runSpaContract('mindbody', async () => {
  const mock = createMindbodyMock();
  const origin = await mock.start(0);
  return {
    spa: adapterFor(origin),
    timeZone: alpine.timeZone,
    loseNextBook: async () => void (await loseNextBooking(origin)),
    countBookings: async (reference) => bookingsOf(mock, reference).length,
    close: () => mock.stop(),
  };
});

describe('Mindbody adapter against its mock', () => {
  let mock: MindbodyMock;
  let origin: string;
  const day = DateTime.now().setZone(alpine.timeZone).plus({ days: 3 }).toISODate()!;
  const guest = { firstName: 'Giulia', lastName: 'Rossi', email: 'giulia.rossi@guests.example', phone: '+41791234567' };
  const input = (reference: string, time: string, overrides: Partial<BookInput> = {}): BookInput => ({
    reference,
    treatmentId: '52',
    startsAt: DateTime.fromISO(`${day}T${time}`, { zone: alpine.timeZone }).toUTC().toISO()!,
    therapistId: '100000012',
    guest,
    notes: null,
    ...overrides,
  });

  beforeEach(async () => {
    mock = createMindbodyMock();
    origin = await mock.start(0);
  });
  afterEach(() => mock.stop());

  it("reads the catalog with prices in minor units, and books in the site's wall clock however the time comes", async () => {
    const spa = adapterFor(origin);
    expect((await spa.catalog('en')).map((t) => [t.id, t.name, t.durationMinutes, t.price])).toEqual([
      ['52', 'Deep Tissue Massage 60', 60, { amount: 14000, currency: 'CHF' }],
      ['53', 'Alpine Hydrating Facial', 45, { amount: 11500, currency: 'CHF' }],
      ['54', 'Hot Stone Massage 90', 90, { amount: 18550, currency: 'CHF' }],
    ]);
    const booked = await spa.book(input('spa_bk_zone', '10:00'));
    const offset = DateTime.fromISO(`${day}T10:00`, { zone: alpine.timeZone }).toFormat('ZZ');
    expect(booked).toMatchObject({ startsAt: `${day}T10:00:00${offset}`, endsAt: `${day}T11:00:00${offset}`, therapist: { id: '100000012', name: 'Lena O.' }, guestName: 'Giulia Rossi' });
    const [stored] = bookingsOf(mock, 'spa_bk_zone');
    expect(stored!.StaffRequested).toBe(true);
    const slots = await spa.availability('52', day);
    expect(slots.filter((slot) => slot.therapist?.id === '100000012').map((slot) => slot.startsAt.slice(11, 16))).toEqual(
      ['09:00', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00'],
    );
  });

  it('books once when the answer to a booking times out and the booking is sent again', async () => {
    const spa = adapterFor(origin);
    await loseNextBooking(origin);
    await expect(spa.book(input('spa_bk_retry', '12:00'))).rejects.toMatchObject({ code: 'integration_timeout' });
    const retried = await spa.book(input('spa_bk_retry', '12:00'));
    expect(retried).toMatchObject({ reference: 'spa_bk_retry', status: 'booked' });
    expect(bookingsOf(mock, 'spa_bk_retry')).toHaveLength(1);
    expect(mock.state.clients).toHaveLength(1);
  });

  it('takes any free therapist when none is asked for, and calls a taken slot a conflict', async () => {
    const spa = adapterFor(origin);
    const first = await spa.book(input('spa_bk_any1', '12:00', { therapistId: null }));
    const second = await spa.book(input('spa_bk_any2', '12:00', { therapistId: null }));
    expect(new Set([first.therapist?.id, second.therapist?.id])).toEqual(new Set(['100000012', '100000013']));
    expect(bookingsOf(mock, 'spa_bk_any2')[0]!.StaffRequested).toBe(false);
    await expect(spa.book(input('spa_bk_any3', '12:00', { therapistId: null }))).rejects.toMatchObject({ code: 'conflict' });
    await expect(spa.book(input('spa_bk_any4', '12:30'))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('renews a staff token Mindbody no longer honours, and retries a read that met a rate limit', async () => {
    const spa = adapterFor(origin);
    await spa.healthCheck();
    await controlClient(origin)('/__control/clock', { advanceMinutes: 8 * 24 * 60 });
    await controlClient(origin)('/__control/faults', { mode: 'rate-limit', count: 1 });
    expect(await spa.daySchedule(day)).toEqual([]);
  });

  it('reads wrong credentials or location as a misconfiguration, and refuses a guest it cannot tell from a namesake', async () => {
    await expect(adapterFor(origin, { password: 'wrong' }).healthCheck()).rejects.toMatchObject({ code: 'integration_misconfigured' });
    await expect(adapterFor(origin, { apiKey: 'wrong' }).catalog('en')).rejects.toMatchObject({ code: 'integration_misconfigured' });
    await expect(adapterFor(origin, { locationId: '7' }).healthCheck()).rejects.toMatchObject({ code: 'integration_misconfigured' });
    const anonymous = input('spa_bk_anon', '10:00', { guest: { firstName: null, lastName: 'Rossi', email: null, phone: null } });
    await expect(adapterFor(origin).book(anonymous)).rejects.toMatchObject({ code: 'upstream_rejected', options: { details: [{ field: 'email' }] } });
  });
});
