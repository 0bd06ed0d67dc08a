import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MEWS_CLIENT_TOKEN, mewsDemoEnterprises } from '../../../../../mocks/mews/credentials.js';
import { checkMewsRequest } from '../../../../../mocks/mews/request-contract.js';
import { createMewsMock, type MewsMock } from '../../../../../mocks/mews/server.js';
import { stableUuid } from '../../../../../mocks/mews/state.js';
import { auditVendorRequests } from '../../../../test/vendor-request-audit.js';
import { systemClock, type Clock } from '../../../lib/clock.js';
import { AppError, type ErrorCode } from '../../../lib/errors.js';
import { createHttpClientFactory } from '../../http.js';
import { runPmsContract } from '../pms.contract.js';
import type { PmsPort } from '../pms.port.js';
import { toFolio, toReservationStatus } from './mews.mapper.js';
import { mewsConfigSchema, mewsProvider, type MewsConfig } from './mews.provider.js';
import type { MewsOrderItem, MewsPayment } from './mews.wire.js';

const DAY_MS = 86_400_000;
const harbour = mewsDemoEnterprises.harbour;
const property = { id: 'prop-harbour', code: 'harbour', timeZone: 'Europe/Lisbon', currency: 'EUR' };
const vendorContract = auditVendorRequests(checkMewsRequest);

interface Call {
  path: string;
  body: Record<string, unknown>;
}

interface Subject {
  mock: MewsMock;
  pms: PmsPort;
  /** Every request the adapter sent, in order. */
  calls: Call[];
  control(path: string, body: unknown): Promise<void>;
  /** Makes the next call of one operation misbehave: a mock fault header value, or `lose-answer`. */
  faultNext(operation: string, fault: string): void;
  close(): Promise<void>;
}

/**
 * A Mews mock on a free port and the adapter made the way the IntegrationManager makes it (config
 * through the schema, then `create`). The mock seeds "today" at creation and then runs its clock a
 * day ahead: the contract checks out HV1001 (departing in two days) and Mews refuses a check-out
 * before the stay's last night, which the day ahead reaches.
 */
async function startMews(overrides: Partial<Record<keyof MewsConfig, unknown>> = {}, clock: Clock = systemClock): Promise<Subject> {
  let clockAheadMs = 0;
  const mock = createMewsMock({ now: () => new Date(Date.now() + clockAheadMs) });
  clockAheadMs = DAY_MS;
  const baseUrl = await mock.start(0);
  const calls: Call[] = [];
  const faults = new Map<string, string>();
  const recordingFetch: typeof fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    calls.push({ path, body: JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown> });
    const operation = path.replace('/api/connector/v1/', '');
    const fault = faults.get(operation);
    if (!fault) return fetch(input, init);
    faults.delete(operation);
    if (fault === 'lose-answer') {
      // Mews did the work but its answer never reaches us: wait until the client gives up.
      await fetch(input, { ...init, signal: null });
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }
    return fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-mock-fault': fault } });
  };
  const config = mewsConfigSchema.parse({
    platformUrl: baseUrl,
    clientToken: MEWS_CLIENT_TOKEN,
    accessToken: harbour.accessToken,
    chargeServiceId: harbour.chargeServiceId,
    accountingCategoryIds: { spa: harbour.accountingCategoryIds.spa, tip: harbour.accountingCategoryIds.tip },
    taxCode: harbour.taxCodes.misc,
    taxCodes: { spa: harbour.taxCodes.spa, tip: harbour.taxCodes.tip },
    childAgeCategoryIds: [stableUuid('harbour:age:child')],
    ...overrides,
  });
  const pms = mewsProvider.create(config, {
    http: createHttpClientFactory({ production: false, fetch: vendorContract.wrap(recordingFetch) }),
    clock,
    property,
  });
  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}/__control/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`control ${path} answered ${response.status}: ${await response.text()}`);
  };
  return { mock, pms, calls, control, faultNext: (operation, fault) => faults.set(operation, fault), close: () => mock.stop() };
}

const rejectsWith = (code: ErrorCode) => (error: unknown) => error instanceof AppError && error.code === code;

async function find(pms: PmsPort, confirmation: string, lastName: string) {
  const reservation = await pms.findReservation(confirmation, lastName);
  if (!reservation) throw new Error(`${confirmation} not found`);
  return reservation;
}

runPmsContract('mews', async () => {
  const subject = await startMews();
  return {
    pms: subject.pms,
    vacantRoom: '201',
    roomForMove: '202',
    // Assigning the room is the front desk's job in Mews Operations; the mock stands in for it.
    prepareCheckIn: (reservationId, room) => subject.control('mews/assign-resource', { ReservationId: reservationId, ResourceName: room }),
    close: subject.close,
  };
});

describe('Mews adapter against the Mews mock', () => {
  let subject: Subject;
  beforeAll(async () => {
    subject = await startMews();
  });
  afterAll(() => subject?.close());

  it('sends ClientToken, AccessToken and Client in the body of every call', async () => {
    subject.calls.length = 0;
    const { reservationId } = await find(subject.pms, 'HV1001', 'Müller');
    await subject.pms.getFolio(reservationId);
    await subject.pms.getGuestProfile(reservationId);
    expect(subject.calls.length).toBeGreaterThan(4);
    for (const call of subject.calls) {
      expect(call.path).toMatch(/^\/api\/connector\/v1\/[A-Za-z]+\/[A-Za-z]+/);
      expect(call.body).toMatchObject({ ClientToken: MEWS_CLIENT_TOKEN, AccessToken: harbour.accessToken, Client: 'Innkeeper 0.1.0' });
    }
  });

  it('never sends EnterpriseId to the chain-scoped customer operations', async () => {
    subject.calls.length = 0;
    await subject.pms.getGuestProfile((await find(subject.pms, 'HV1003', 'Ferreira')).reservationId);
    const customerCalls = subject.calls.filter((call) => call.path.includes('/customers/') || call.path.includes('/identityDocuments/'));
    expect(customerCalls.length).toBeGreaterThan(0);
    for (const call of customerCalls) expect(call.body).not.toHaveProperty('EnterpriseId');
  });

  it('maps no-shows, cancellations and children', async () => {
    expect((await find(subject.pms, 'HV1014', 'johansson')).status).toBe('no_show');
    expect((await find(subject.pms, 'HV1013', 'Hassan')).status).toBe('cancelled');
    expect(await find(subject.pms, 'HV1007', 'Schmidt')).toMatchObject({ adults: 2, children: 2, room: '210' });
    expect(await find(subject.pms, 'HV1004', 'oconnor')).toMatchObject({ confirmationNumber: 'HV1004', guest: { lastName: "O'Connor" } });
  });

  it('retries a getAll that failed once with a 500', async () => {
    const { reservationId } = await find(subject.pms, 'HV1002', 'Okafor');
    await subject.control('faults', { mode: 'error', count: 1 });
    subject.calls.length = 0;
    await expect(subject.pms.getReservation(reservationId)).resolves.toMatchObject({ confirmationNumber: 'HV1002' });
    expect(subject.calls.filter((call) => call.path.endsWith('/reservations/getAll/2023-06-06'))).toHaveLength(2);
  });

  it('waits out the Retry-After of a 429 on a search, then succeeds', async () => {
    await subject.control('faults', { mode: 'rate-limit', count: 1 });
    subject.calls.length = 0;
    const started = Date.now();
    await expect(subject.pms.findReservation('HV1002', 'Okafor')).resolves.toMatchObject({ confirmationNumber: 'HV1002' });
    // The mock asks for 1 s; the client's own backoff would have retried after about 150 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(subject.calls.filter((call) => call.path.endsWith('/reservations/getAll/2023-06-06'))).toHaveLength(2);
  });

  it('posts a charge once for a repeated idempotency key, with our key as ExternalIdentifier', async () => {
    const { reservationId } = await find(subject.pms, 'HV1005', 'Dubois');
    const charge = { amountMinor: 1250, currency: 'EUR', description: 'Spa gratuity', code: 'tip', idempotencyKey: 'stay:hv1005:tip:1:v1' };
    const first = await subject.pms.postCharge(reservationId, charge);
    const second = await subject.pms.postCharge(reservationId, charge);
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ postingId: first.postingId, duplicate: true });
    const ent = subject.mock.state.byAccessToken.get(harbour.accessToken);
    const posted = ent?.orderItems.filter((item) => item.ExternalIdentifier === charge.idempotencyKey) ?? [];
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({
      ServiceId: harbour.chargeServiceId,
      AccountingCategoryId: harbour.accountingCategoryIds.tip,
      UnitAmount: { GrossValue: 12.5, TaxValues: [{ Code: harbour.taxCodes.tip }] },
    });
    const folio = await subject.pms.getFolio(reservationId);
    expect(folio.lines).toContainEqual(expect.objectContaining({ kind: 'charge', amountMinor: 1250, reference: charge.idempotencyKey }));
  });

  it('posts a payment once for a repeated idempotency key, as a payment line on the folio', async () => {
    const { reservationId } = await find(subject.pms, 'HV1005', 'Dubois');
    const payment = { amountMinor: 2000, currency: 'EUR', description: 'Card payment', externalReference: 'pi_test_1', idempotencyKey: 'stay:hv1005:pay:1:v1' };
    const first = await subject.pms.postPayment(reservationId, payment);
    expect(await subject.pms.postPayment(reservationId, payment)).toEqual({ postingId: first.postingId, duplicate: true });
    const ent = subject.mock.state.byAccessToken.get(harbour.accessToken);
    expect(ent?.payments.filter((p) => p.Data.Discriminator === 'External' && p.Data.External.ExternalIdentifier === payment.idempotencyKey)).toHaveLength(1);
    const folio = await subject.pms.getFolio(reservationId);
    expect(folio.lines).toContainEqual(expect.objectContaining({ id: first.postingId, kind: 'payment', amountMinor: 2000 }));
  });

  it('refuses a posting in another currency before calling Mews', async () => {
    const { reservationId } = await find(subject.pms, 'HV1005', 'Dubois');
    subject.calls.length = 0;
    const charge = { amountMinor: 100, currency: 'USD', description: 'Minibar', code: 'minibar', idempotencyKey: 'stay:hv1005:usd:v1' };
    await expect(subject.pms.postCharge(reservationId, charge)).rejects.toSatisfy(rejectsWith('validation_failed'));
    expect(subject.calls).toHaveLength(0);
  });

  it('reads a Mews 403 on check-in as a business refusal', async () => {
    const { reservationId } = await find(subject.pms, 'HV1003', 'Ferreira');
    // Room 206 is dirty: every pre-check passes and Mews itself refuses with 403.
    await subject.control('mews/assign-resource', { ReservationId: reservationId, ResourceName: '206' });
    subject.calls.length = 0;
    await expect(subject.pms.checkIn(reservationId, '206')).rejects.toSatisfy(rejectsWith('upstream_rejected'));
    expect(subject.calls.some((call) => call.path.endsWith('/reservations/start'))).toBe(true);
    expect((await subject.pms.getReservation(reservationId)).status).toBe('reserved');
  });

  it('refuses a check-in to a room other than the one assigned in Mews', async () => {
    const { reservationId } = await find(subject.pms, 'HV1004', "O'Connor");
    await subject.control('mews/assign-resource', { ReservationId: reservationId, ResourceName: '202' });
    await expect(subject.pms.checkIn(reservationId, '203')).rejects.toSatisfy(rejectsWith('upstream_rejected'));
  });

  it('adds an identity document once and reads it back', async () => {
    const { reservationId } = await find(subject.pms, 'HV1003', 'Ferreira');
    const document = { type: 'passport' as const, number: 'P1234567', issuingCountry: 'PT', expiryDate: '2031-05-01' };
    await subject.pms.updateGuestProfile(reservationId, { document, nationality: 'PT', dateOfBirth: '1988-02-03' });
    const profile = await subject.pms.updateGuestProfile(reservationId, { document });
    expect(profile).toMatchObject({ nationality: 'PT', dateOfBirth: '1988-02-03', document });
    const ent = subject.mock.state.byAccessToken.get(harbour.accessToken);
    expect(ent?.identityDocuments.filter((doc) => doc.Number === document.number)).toHaveLength(1);
    await expect(
      subject.pms.updateGuestProfile(reservationId, { document: { type: 'other', number: 'X1' } }),
    ).rejects.toSatisfy(rejectsWith('validation_failed'));
  });
});

describe('Mews adapter: orders on the folio', () => {
  let subject: Subject | undefined;
  afterEach(async () => {
    await subject?.close();
    subject = undefined;
  });

  it("lists the stay's orders on every Additional service, reading the services once an hour", async () => {
    let now = Date.parse('2026-07-15T12:00:00Z');
    subject = await startMews({}, { now: () => new Date(now) });
    const { reservationId } = await find(subject.pms, 'HV1001', 'Müller');
    const servicesCalls = () => subject!.calls.filter((call) => call.path.endsWith('/services/getAll')).length;

    const folio = await subject.pms.getFolio(reservationId);
    // The seeded minibar order sits on the food & beverage service, not on the one we post to.
    expect(folio.lines).toContainEqual(expect.objectContaining({ description: 'Minibar', kind: 'charge' }));
    const orderCall = subject.calls.find((call) => call.path.endsWith('/productServiceOrders/getAll'));
    expect(orderCall?.body).toMatchObject({ ServiceIds: [harbour.chargeServiceId, harbour.foodBeverageServiceId], LinkedReservationIds: [reservationId] });

    await subject.pms.getFolio(reservationId);
    expect(servicesCalls()).toBe(1);
    now += 61 * 60_000;
    await subject.pms.getFolio(reservationId);
    expect(servicesCalls()).toBe(2);
  });
});

describe('Mews adapter failures', () => {
  let subject: Subject | undefined;
  afterEach(async () => {
    await subject?.close();
    subject = undefined;
  });

  it('answers integration_misconfigured for a wrong AccessToken', async () => {
    subject = await startMews({ accessToken: 'NOT-A-REAL-TOKEN' });
    await expect(subject.pms.healthCheck()).rejects.toSatisfy(rejectsWith('integration_misconfigured'));
  });

  it('never retries a charge Mews answered with a 500; posting again posts it once', async () => {
    subject = await startMews();
    const { reservationId } = await find(subject.pms, 'HV1006', 'Tanaka');
    const charge = { amountMinor: 3000, currency: 'EUR', description: 'Spa: sauna', code: 'spa', idempotencyKey: 'stay:hv1006:spa:1:v1' };
    subject.faultNext('orders/add', 'error');
    await expect(subject.pms.postCharge(reservationId, charge)).rejects.toSatisfy(rejectsWith('integration_unavailable'));
    expect(subject.calls.filter((call) => call.path.endsWith('/orders/add'))).toHaveLength(1);
    expect(await subject.pms.postCharge(reservationId, charge)).toMatchObject({ duplicate: false });
  });

  it('finds a charge whose answer timed out instead of posting it again', async () => {
    subject = await startMews({ timeoutMs: 300 });
    const { reservationId } = await find(subject.pms, 'HV1006', 'Tanaka');
    const charge = { amountMinor: 3000, currency: 'EUR', description: 'Spa: sauna', code: 'spa', idempotencyKey: 'stay:hv1006:spa:2:v1' };
    subject.faultNext('orders/add', 'lose-answer');
    await expect(subject.pms.postCharge(reservationId, charge)).rejects.toSatisfy(rejectsWith('integration_timeout'));
    const retried = await subject.pms.postCharge(reservationId, charge);
    expect(retried.duplicate).toBe(true);
    const ent = subject.mock.state.byAccessToken.get(harbour.accessToken);
    expect(ent?.orderItems.filter((item) => item.ExternalIdentifier === charge.idempotencyKey)).toHaveLength(1);
  });

  it('answers integration_timeout when Mews hangs past timeoutMs', async () => {
    subject = await startMews({ timeoutMs: 300 });
    await subject.control('faults', { mode: 'hang', count: 1 });
    const started = Date.now();
    await expect(subject.pms.findReservation('HV1001', 'Müller')).rejects.toSatisfy(rejectsWith('integration_timeout'));
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('maps Mews 400 answers by the parameter they name', async () => {
    const answers: Record<string, string> = {
      'reservations/getAll/2023-06-06': 'Invalid ReservationIds.',
      'resources/getAll': 'Invalid ServiceId.',
      'customers/getAll': 'Invalid Email.',
    };
    const fakeFetch: typeof fetch = async (input) => {
      const operation = new URL(String(input)).pathname.replace('/api/connector/v1/', '');
      return new Response(JSON.stringify({ Message: answers[operation] ?? 'Invalid JSON', RequestId: 'r1' }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      });
    };
    const config = mewsConfigSchema.parse({
      platformUrl: 'http://127.0.0.1:9',
      clientToken: 'c',
      accessToken: 'a',
      chargeServiceId: 's',
      taxCode: 'PT-S',
    });
    const pms = mewsProvider.create(config, {
      http: createHttpClientFactory({ production: false, fetch: vendorContract.wrap(fakeFetch) }),
      clock: systemClock,
      property,
    });
    await expect(pms.getReservation('3f1c')).rejects.toSatisfy(rejectsWith('not_found'));
    await expect(pms.healthCheck()).rejects.toSatisfy(rejectsWith('integration_misconfigured'));
  });
});

describe('mewsProvider', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads only the environment variables that are set', () => {
    vi.stubEnv('MEWS_PLATFORM_URL', 'http://127.0.0.1:4102');
    vi.stubEnv('MEWS_CLIENT_TOKEN', MEWS_CLIENT_TOKEN);
    vi.stubEnv('MEWS_ACCESS_TOKEN', harbour.accessToken);
    vi.stubEnv('MEWS_CHARGE_SERVICE_ID', harbour.chargeServiceId);
    vi.stubEnv('MEWS_TAX_CODE', 'PT-S');
    vi.stubEnv('MEWS_TAX_CODES', 'spa=PT-S, tip=PT-Z');
    vi.stubEnv('MEWS_TIMEOUT_MS', '5000');
    vi.stubEnv('MEWS_ACCOUNTING_CATEGORY_IDS', '');
    const fromEnv = mewsProvider.fromEnv();
    expect(fromEnv).not.toHaveProperty('accountingCategoryIds');
    expect(fromEnv).not.toHaveProperty('clientName');
    const config = mewsConfigSchema.parse(fromEnv);
    expect(config).toMatchObject({ clientName: 'Innkeeper 0.1.0', externalPaymentType: 'Prepayment', taxCodes: { spa: 'PT-S', tip: 'PT-Z' }, timeoutMs: 5000 });
  });

  it('keeps the tokens secret', () => {
    expect(mewsProvider.secretFields).toEqual(['clientToken', 'accessToken']);
  });
});

describe('Mews mapper', () => {
  it('maps every Mews state, a no-show being a cancellation with reason NoShow', () => {
    expect(toReservationStatus('Confirmed')).toBe('reserved');
    expect(toReservationStatus('Optional')).toBe('reserved');
    expect(toReservationStatus('Started')).toBe('checked_in');
    expect(toReservationStatus('Processed')).toBe('checked_out');
    expect(toReservationStatus('Canceled', 'RequestedByGuest')).toBe('cancelled');
    expect(toReservationStatus('Canceled', 'NoShow')).toBe('no_show');
  });


  it('turns negative payments into positive payment lines and sums the balance', () => {
    const amount = (GrossValue: number) => ({ Currency: 'EUR', GrossValue });
    const items: MewsOrderItem[] = [
      { Id: 'n1', ServiceOrderId: 'r1', BillingName: 'Accommodation', Amount: amount(145), AccountingState: 'Open', ConsumedUtc: '2026-11-20T00:00:00Z', CreatedUtc: '2026-11-01T10:00:00Z' },
      { Id: 'x1', ServiceOrderId: 'o1', BillingName: 'Minibar', Amount: amount(0.29), AccountingState: 'Open', ConsumedUtc: '2026-11-20T21:00:00Z', CreatedUtc: '2026-11-20T21:00:00Z' },
      { Id: 'v1', ServiceOrderId: 'o1', BillingName: 'Voided', Amount: amount(50), AccountingState: 'Canceled', ConsumedUtc: null, CreatedUtc: '2026-11-20T21:00:00Z' },
    ];
    const payments: MewsPayment[] = [
      {
        Id: 'p1',
        Amount: amount(-100.1),
        State: 'Charged',
        AccountingState: 'Open',
        Type: 'ExternalPayment',
        Notes: null,
        ChargedUtc: '2026-11-21T09:00:00Z',
        CreatedUtc: '2026-11-21T09:00:00Z',
        Data: { Discriminator: 'External', External: { Type: 'Prepayment', ExternalIdentifier: 'stay:1:pay:v1' } },
      },
      { Id: 'p2', Amount: amount(-20), State: 'Failed', AccountingState: 'Open', Type: 'CreditCardPayment', CreatedUtc: '2026-11-21T09:00:00Z' },
    ];
    const folio = toFolio(items, payments, { currency: 'EUR', timeZone: 'Europe/Lisbon' });
    expect(folio.lines.map((line) => [line.id, line.kind, line.amountMinor])).toEqual([
      ['n1', 'charge', 14_500],
      ['x1', 'charge', 29],
      ['p1', 'payment', 10_010],
    ]);
    expect(folio.lines[2]).toMatchObject({ description: 'Payment (Prepayment)', reference: 'stay:1:pay:v1', date: '2026-11-21' });
    expect(folio.balanceMinor).toBe(14_500 + 29 - 10_010);
    expect(folio.complete).toBe(true);
  });
});
