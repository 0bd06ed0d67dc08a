import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  OPERA_DEMO_APP_KEY,
  OPERA_DEMO_CLIENT_ID,
  OPERA_DEMO_CLIENT_SECRET,
  OPERA_DEMO_ENTERPRISE_ID,
  OPERA_HOTEL_IDS,
} from '../../../../../mocks/opera/credentials.js';
import { createOperaMock, type OperaMock } from '../../../../../mocks/opera/server.js';
import { OhipSpecs } from '../../../../../mocks/opera/spec-validator.js';
import { auditVendorRequests } from '../../../../test/vendor-request-audit.js';
import type { Clock } from '../../../lib/clock.js';
import { AppError } from '../../../lib/errors.js';
import { createHttpClientFactory } from '../../http.js';
import { runPmsContract } from '../pms.contract.js';
import type { PmsPort } from '../pms.port.js';
import {
  folioFromWire,
  idTypeFromOpera,
  mapReservationStatus,
  profileUpdateRequest,
} from './opera.mapper.js';
import { operaConfigSchema, operaProvider, type OperaConfig } from './opera.provider.js';
import type { FolioResponse } from './opera.wire.js';

const harbour = { id: 'property-harbour', code: 'harbour', timeZone: 'Europe/Lisbon', currency: 'EUR' };
const TOKEN_PATH = '/oauth/v1/tokens';
const ohip = new OhipSpecs();
const vendorContract = auditVendorRequests((request) => ohip.checkRequest(request));

interface Harness {
  mock: OperaMock;
  pms: PmsPort;
  baseUrl: string;
  /** Calls that reached the network, in order. */
  calls: Array<{ method: string; path: string }>;
  count(method: string, path: string): number;
  /** Arms the mock's fault injection (mocks/shared/faults.ts). */
  fault(body: { mode: 'error' | 'hang' | 'slow' | 'rate-limit'; count?: number; delayMs?: number }): Promise<void>;
  close(): Promise<void>;
}

/** Lets a test step in for one call: answer it itself, or return undefined to let it through. */
type Intercept = (url: URL, init: RequestInit, realFetch: typeof fetch) => Promise<Response> | undefined;

async function startHarness(
  options: { clock?: Clock; mockNow?: () => Date; config?: Partial<OperaConfig>; intercept?: Intercept } = {},
): Promise<Harness> {
  const mock = createOperaMock(options.mockNow ? { now: options.mockNow } : {});
  const baseUrl = await mock.start(0);
  const calls: Harness['calls'] = [];
  const recordingFetch: typeof fetch = (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push({ method: init.method ?? 'GET', path: url.pathname });
    return options.intercept?.(url, init, fetch) ?? fetch(input, init);
  };
  const config = operaConfigSchema.parse({
    gatewayUrl: baseUrl,
    clientId: OPERA_DEMO_CLIENT_ID,
    clientSecret: OPERA_DEMO_CLIENT_SECRET,
    appKey: OPERA_DEMO_APP_KEY,
    enterpriseId: OPERA_DEMO_ENTERPRISE_ID,
    hotelId: OPERA_HOTEL_IDS.harbour,
    ...options.config,
  });
  const pms = operaProvider.create(config, {
    http: createHttpClientFactory({ production: false, fetch: vendorContract.wrap(recordingFetch) }),
    clock: options.clock ?? { now: () => new Date() },
    property: harbour,
  });
  return {
    mock,
    pms,
    baseUrl,
    calls,
    count: (method, path) => calls.filter((call) => call.method === method && call.path === path).length,
    async fault(body) {
      const response = await fetch(`${baseUrl}/__control/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
    },
    close: () => mock.stop(),
  };
}

const appErrorWith = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

runPmsContract('opera', async () => {
  const harness = await startHarness();
  // Room 201 is Inspected and vacant at HARBOUR: nothing to prepare.
  return { pms: harness.pms, vacantRoom: '201', roomForMove: '202', close: harness.close };
});

describe('OPERA adapter', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  describe('tokens', () => {
    it('fetches one token and reuses it, also for concurrent calls', async () => {
      harness = await startHarness();
      const { pms } = harness;
      await Promise.all([pms.getReservation('511001'), pms.getFolio('511001'), pms.findReservation('HV1001', 'Müller')]);
      await pms.getGuestProfile('511001');
      expect(harness.count('POST', TOKEN_PATH)).toBe(1);
      expect(harness.calls.length).toBeGreaterThan(5);
    });

    it('fetches a new token after 50 of its 60 minutes, and once more when OPERA refuses one early', async () => {
      let now = Date.parse('2026-03-10T10:00:00Z');
      let operaNow = now;
      harness = await startHarness({ clock: { now: () => new Date(now) }, mockNow: () => new Date(operaNow) });
      const read = () => harness!.pms.getReservation('511001');

      await read();
      now += 49 * 60_000;
      operaNow = now;
      await read();
      expect(harness.count('POST', TOKEN_PATH)).toBe(1);

      now += 2 * 60_000;
      operaNow = now;
      await read();
      expect(harness.count('POST', TOKEN_PATH)).toBe(2);

      // OPERA's clock is past expiry while ours is not: the 401 makes the adapter fetch a new token.
      operaNow = now + 61 * 60_000;
      await expect(read()).resolves.toMatchObject({ confirmationNumber: 'HV1001' });
      expect(harness.count('POST', TOKEN_PATH)).toBe(3);
    });

    it('reports a wrong client secret as integration_misconfigured without repeating the secret', async () => {
      harness = await startHarness({ config: { clientSecret: 'not-the-secret-42' } });
      const error = await harness.pms.getReservation('511001').catch((caught: unknown) => caught);
      expect(error).toSatisfy(appErrorWith('integration_misconfigured'));
      expect(JSON.stringify({ message: (error as AppError).message, details: (error as AppError).options.details })).not.toContain(
        'not-the-secret-42',
      );
      await expect(harness.pms.healthCheck()).rejects.toSatisfy(appErrorWith('integration_misconfigured'));
    });

    it('fails its health check for a hotel the credentials cannot reach', async () => {
      harness = await startHarness({ config: { hotelId: 'NOWHERE' } });
      await expect(harness.pms.healthCheck()).rejects.toSatisfy(appErrorWith('integration_misconfigured'));
    });
  });

  describe('transport failures', () => {
    it('retries a read that got one 500 and succeeds', async () => {
      harness = await startHarness();
      await harness.pms.getReservation('511001');
      await harness.fault({ mode: 'error', count: 1 });
      await expect(harness.pms.getReservation('511001')).resolves.toMatchObject({ confirmationNumber: 'HV1001' });
      expect(harness.count('GET', '/rsv/v1/hotels/HARBOUR/reservations/511001')).toBe(3);
    });

    it('turns a call OPERA never answers into integration_timeout', async () => {
      harness = await startHarness({ config: { timeoutMs: 200 } });
      await harness.pms.getReservation('511001');
      await harness.fault({ mode: 'hang', count: 1 });
      await expect(harness.pms.getReservation('511001')).rejects.toSatisfy(appErrorWith('integration_timeout'));
    });
  });

  describe('postings without server-side idempotency', () => {
    const spa = (idempotencyKey: string) => ({ amountMinor: 4550, currency: 'EUR', description: 'Spa: hot stone massage', code: 'spa', idempotencyKey });
    const postingsWith = (h: Harness, reference: string) =>
      h.mock.state.reservations.get('511007')?.postings.filter((posting) => posting.reference === reference) ?? [];

    it('reads the folio before posting, so a repeated call sends no second POST', async () => {
      harness = await startHarness();
      const before = await harness.pms.getFolio('511007');
      const first = await harness.pms.postCharge('511007', spa('stay:7:spa:a:v1'));
      const second = await harness.pms.postCharge('511007', spa('stay:7:spa:a:v1'));
      expect(second).toEqual({ postingId: first.postingId, duplicate: true });
      expect(harness.count('POST', '/csh/v1/hotels/HARBOUR/reservations/511007/charges')).toBe(1);
      expect((await harness.pms.getFolio('511007')).balanceMinor - before.balanceMinor).toBe(4550);
      expect(postingsWith(harness, 'stay:7:spa:a:v1')).toMatchObject([{ transactionCode: '4410', amountMinor: 4550, remark: 'Spa: hot stone massage' }]);
    });

    it('finds a charge whose answer was lost on the folio instead of reporting a failure', async () => {
      let dropped = false;
      harness = await startHarness({
        intercept: (url, init, realFetch) => {
          if (dropped || init.method !== 'POST' || !url.pathname.endsWith('/charges')) return undefined;
          dropped = true;
          // OPERA books the charge, then the connection drops before the answer arrives.
          return realFetch(url, init).then(async (response) => {
            await response.text();
            throw new TypeError('fetch failed');
          });
        },
      });
      const before = await harness.pms.getFolio('511007');
      const first = await harness.pms.postCharge('511007', spa('stay:7:spa:b:v1'));
      expect(first.duplicate).toBe(false);
      const again = await harness.pms.postCharge('511007', spa('stay:7:spa:b:v1'));
      expect(again).toEqual({ postingId: first.postingId, duplicate: true });
      expect((await harness.pms.getFolio('511007')).balanceMinor - before.balanceMinor).toBe(4550);
      expect(postingsWith(harness, 'stay:7:spa:b:v1')).toHaveLength(1);
    });

    it('does not post twice when a timed-out charge is booked late and the caller retries', async () => {
      let delayed = false;
      harness = await startHarness({
        config: { timeoutMs: 300 },
        intercept: (url, init, realFetch) => {
          if (delayed || init.method !== 'POST' || !url.pathname.endsWith('/charges')) return undefined;
          delayed = true;
          const signal = init.signal as AbortSignal;
          return new Promise<Response>((_resolve, reject) => {
            signal.addEventListener('abort', () => {
              reject(signal.reason);
              // OPERA books it only after the adapter has given up and looked for it.
              setTimeout(() => void realFetch(url, { ...init, signal: null }), 200);
            });
          });
        },
      });
      const before = await harness.pms.getFolio('511007');
      await expect(harness.pms.postCharge('511007', spa('stay:7:spa:c:v1'))).rejects.toSatisfy(appErrorWith('integration_timeout'));
      // Before, the read before posting, and the look after the timeout.
      expect(harness.count('GET', '/csh/v1/hotels/HARBOUR/reservations/511007/folios')).toBe(3);
      await vi.waitFor(() => expect(postingsWith(harness!, 'stay:7:spa:c:v1')).toHaveLength(1), { timeout: 2_000 });

      const retried = await harness.pms.postCharge('511007', spa('stay:7:spa:c:v1'));
      expect(retried.duplicate).toBe(true);
      expect(postingsWith(harness, 'stay:7:spa:c:v1')).toHaveLength(1);
      expect((await harness.pms.getFolio('511007')).balanceMinor - before.balanceMinor).toBe(4550);
    });

    it('books payments with the configured method, our key as reference and the Stripe id in the remark', async () => {
      harness = await startHarness();
      await harness.pms.postPayment('511007', {
        amountMinor: 2599,
        currency: 'EUR',
        description: 'Card payment',
        externalReference: 'pi_3Qx1fake',
        idempotencyKey: 'stay:7:payment:pi_3Qx1fake:v1',
      });
      expect(postingsWith(harness, 'stay:7:payment:pi_3Qx1fake:v1')).toMatchObject([
        { type: 'Payment', transactionCode: '9050', amountMinor: 2599, remark: 'Card payment (pi_3Qx1fake)' },
      ]);
    });

    it('refuses unknown charge codes, other currencies and guests not in house', async () => {
      harness = await startHarness();
      await expect(harness.pms.postCharge('511007', { ...spa('k1'), code: 'casino' })).rejects.toSatisfy(appErrorWith('integration_misconfigured'));
      await expect(harness.pms.postCharge('511007', { ...spa('k2'), currency: 'CHF' })).rejects.toSatisfy(appErrorWith('validation_failed'));
      const error = await harness.pms.postCharge('511003', spa('k3')).catch((caught: unknown) => caught);
      expect(error).toSatisfy(appErrorWith('upstream_rejected'));
      expect((error as AppError).message).toContain('CSH00030');
      await expect(harness.pms.postCharge('519999', spa('k4'))).rejects.toSatisfy(appErrorWith('not_found'));
    });
  });

  describe('check-in and check-out', () => {
    it('refuses check-in without a room before calling OPERA, and passes on OPERA refusals', async () => {
      harness = await startHarness();
      await expect(harness.pms.checkIn('511003')).rejects.toSatisfy(appErrorWith('upstream_rejected'));
      expect(harness.count('POST', '/fof/v1/hotels/HARBOUR/reservations/511003/checkIns')).toBe(0);

      // Room 205 is Dirty: OPERA assigns it but refuses the check-in.
      const error = await harness.pms.checkIn('511003', '205').catch((caught: unknown) => caught);
      expect(error).toSatisfy(appErrorWith('upstream_rejected'));
      expect((error as AppError).message).toMatch(/Dirty.*FOF00012/);
    });

    it('assigns the room, then checks in, as Oracle\'s workflow does', async () => {
      harness = await startHarness();
      const checkedIn = await harness.pms.checkIn('511003', '202');
      expect(checkedIn).toMatchObject({ status: 'checked_in', room: '202', confirmationNumber: 'HV1003', adults: 2, children: 1 });
      const posts = harness.calls.filter((call) => call.method === 'POST' && call.path !== TOKEN_PATH).map((call) => call.path.split('/').pop());
      expect(posts).toEqual(['roomAssignments', 'checkIns']);
    });

    it('refuses check-out with an open balance without touching the folio, then issues the folio and checks out', async () => {
      harness = await startHarness();
      await expect(harness.pms.checkOut('511007')).rejects.toSatisfy(
        (error) => error instanceof AppError && error.code === 'upstream_rejected' && /EUR is open/.test(error.message),
      );
      expect(harness.calls.filter((call) => call.method === 'POST' && call.path !== TOKEN_PATH)).toEqual([]);

      const { balanceMinor } = await harness.pms.getFolio('511007');
      await harness.pms.postPayment('511007', {
        amountMinor: balanceMinor,
        currency: 'EUR',
        description: 'Settlement',
        externalReference: 'pi_settle',
        idempotencyKey: 'stay:7:settle:v1',
      });
      await expect(harness.pms.checkOut('511007')).resolves.toMatchObject({ status: 'checked_out' });
      const posts = harness.calls.filter((call) => call.method === 'POST' && call.path !== TOKEN_PATH).map((call) => call.path.split('/').pop());
      expect(posts).toEqual(['payments', 'folios', 'checkOuts']);
    });
  });

  describe('guest profile', () => {
    it('updates the primary entries in place and reads the document back masked', async () => {
      harness = await startHarness();
      await harness.pms.updateGuestProfile('511003', { email: 'sofia@example.org', phone: '+351910000000' });
      const updated = await harness.pms.updateGuestProfile('511003', {
        email: 'sofia.ferreira@example.org',
        nationality: 'PT',
        dateOfBirth: '1990-02-03',
        document: { type: 'passport', number: 'X9912345', issuingCountry: 'PT', expiryDate: '2031-04-01' },
      });
      expect(updated).toMatchObject({ lastName: 'Ferreira', firstName: 'Sofia', email: 'sofia.ferreira@example.org', phone: '+351910000000' });
      const read = await harness.pms.getGuestProfile('511003');
      expect(read).toMatchObject({
        profileId: '771003',
        nationality: 'PT',
        dateOfBirth: '1990-02-03',
        document: { type: 'passport', number: 'X99123XX', issuingCountry: 'PT', expiryDate: '2031-04-01' },
      });
      expect(harness.mock.state.profiles.get('771003')?.emails).toHaveLength(1);
    });
  });
});

describe('OPERA mapper', () => {
  it('maps every OPERA reservation status', () => {
    const expected = {
      Reserved: 'reserved',
      DueIn: 'reserved',
      Requested: 'reserved',
      Waitlisted: 'reserved',
      InHouse: 'checked_in',
      DueOut: 'checked_in',
      Walkin: 'checked_in',
      PendingCheckout: 'checked_in',
      CheckedOut: 'checked_out',
      Cancelled: 'cancelled',
      NoShow: 'no_show',
    };
    for (const [opera, ours] of Object.entries(expected)) expect(mapReservationStatus(opera)).toBe(ours);
    expect(mapReservationStatus(undefined, 'DueOut')).toBe('checked_in');
    expect(mapReservationStatus('InHouse', 'DueOut')).toBe('checked_in');
    expect(() => mapReservationStatus('Teleported')).toThrow(AppError);
  });

  it('flattens folio windows into positive lines whose net is the balance', () => {
    const money = (amount: number) => ({ amount, currencyCode: 'EUR' });
    const body: FolioResponse = {
      reservationFolioInformation: {
        folioWindows: [
          {
            folioWindowNo: 1,
            balance: money(120.3),
            folios: [
              {
                postings: [
                  { transactionNo: '1', transactionDescription: 'Accommodation', transactionDate: '2026-03-01', debitAmount: money(145.1) },
                  { transactionNo: '2', transactionDescription: 'Rebate', transactionDate: '2026-03-01', debitAmount: money(-4.8) },
                  { transactionNo: '3', transactionDescription: 'Visa', transactionDate: '2026-03-02', creditAmount: money(20), reference: 'pi_1' },
                  { transactionNo: '4', transactionDescription: 'Package wrapper', transactionDate: '2026-03-02', debitAmount: money(0) },
                ],
              },
            ],
          },
          { folioWindowNo: 2, balance: money(0.1 + 0.2), folios: [{ postings: [{ transactionNo: '5', transactionDescription: 'Bar', debitAmount: money(0.3) }] }] },
        ],
      },
    };
    const folio = folioFromWire(body, 'CHF');
    expect(folio).toMatchObject({ currency: 'EUR', balanceMinor: 12060, complete: true });
    expect(folio.lines.map((line) => [line.id, line.kind, line.amountMinor])).toEqual([
      ['1', 'charge', 14510],
      ['2', 'payment', 480],
      ['3', 'payment', 2000],
      ['5', 'charge', 30],
    ]);
    expect(folio.lines[2]?.reference).toBe('pi_1');

    const paged = structuredClone(body);
    paged.reservationFolioInformation.folioWindows![0]!.hasMore = true;
    expect(folioFromWire(paged, 'EUR').complete).toBe(false);
    const short = structuredClone(body);
    short.reservationFolioInformation.folioWindows![0]!.balance = money(500);
    expect(folioFromWire(short, 'EUR')).toMatchObject({ balanceMinor: 50030, complete: false });
  });

  it('updates existing primary profile entries by id and maps document types both ways', () => {
    const current = {
      profileDetails: {
        customer: { personName: [{ givenName: 'Ava', surname: 'Lindqvist', nameType: 'Primary' }] },
        emails: { emailInfo: [{ id: '9', email: { emailAddress: 'old@example.org', primaryInd: true } }] },
      },
    };
    const body = profileUpdateRequest('77120', current, { email: 'new@example.org', document: { type: 'drivers_license', number: 'D1' } });
    expect(body.profileDetails.emails?.emailInfo).toEqual([{ id: '9', email: { emailAddress: 'new@example.org', type: 'EMAIL', primaryInd: true } }]);
    expect(body.profileDetails.customer.personName).toEqual([{ givenName: 'Ava', surname: 'Lindqvist', nameType: 'Primary' }]);
    expect(body.profileDetails.customer.identifications?.identificationInfo[0]).not.toHaveProperty('id');
    expect(body.profileDetails).not.toHaveProperty('addresses');
    expect(idTypeFromOpera('PASSPORT')).toBe('passport');
    expect(idTypeFromOpera(body.profileDetails.customer.identifications?.identificationInfo[0]?.identification.idType)).toBe('drivers_license');
    expect(idTypeFromOpera('TRIBAL_CARD')).toBe('other');
  });
});

describe('OPERA provider', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads only the OPERA variables that are set', () => {
    vi.stubEnv('OPERA_GATEWAY_URL', 'http://127.0.0.1:4101');
    vi.stubEnv('OPERA_HOTEL_ID', 'HARBOUR');
    vi.stubEnv('OPERA_CLIENT_SECRET', '');
    expect(operaProvider.fromEnv()).toEqual({ gatewayUrl: 'http://127.0.0.1:4101', hotelId: 'HARBOUR' });
  });

  it('fills the hotel codes of the demo hotels and documents every field', () => {
    const config = operaConfigSchema.parse({
      gatewayUrl: 'http://127.0.0.1:4101',
      clientId: OPERA_DEMO_CLIENT_ID,
      clientSecret: OPERA_DEMO_CLIENT_SECRET,
      appKey: OPERA_DEMO_APP_KEY,
      enterpriseId: OPERA_DEMO_ENTERPRISE_ID,
      hotelId: 'HARBOUR',
    });
    expect(config).toMatchObject({
      cashierId: 1,
      paymentMethodCode: 'WEB',
      transactionCodes: { spa: '4410', tip: '5010', food_beverage: '2000', minibar: '2300', misc: '5000' },
    });
    expect(operaConfigSchema.safeParse({ ...config, enterpriseId: 'lower' }).success).toBe(false);
    expect(operaProvider.secretFields).toContain('clientSecret');
  });
});
