import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateCloudbedsRequest } from '../../../../../mocks/cloudbeds/openapi-validator.js';
import { createCloudbedsMock, type CloudbedsMock } from '../../../../../mocks/cloudbeds/server.js';
import { auditVendorRequests } from '../../../../test/vendor-request-audit.js';
import { AppError } from '../../../lib/errors.js';
import { createHttpClientFactory } from '../../http.js';
import { runPmsContract } from '../pms.contract.js';
import type { PmsPort } from '../pms.port.js';
import { createCloudbedsPms, defaultAccountingBaseUrl } from './cloudbeds.adapter.js';
import { toForm } from './cloudbeds.form.js';
import {
  toDecimalString,
  toFolio,
  toFolioLine,
  toGuestProfile,
  toPutGuestFields,
  toReservationStatus,
  splitReference,
  withReference,
} from './cloudbeds.mapper.js';
import { cloudbedsConfigSchema, cloudbedsProvider } from './cloudbeds.provider.js';

const harbour = { propertyId: '310501', apiKey: 'cbat_demoHarbourView0000000000000001' };
const property = { id: 'prop-harbour', code: 'harbour', timeZone: 'Europe/Lisbon', currency: 'EUR' };
const vendorContract = auditVendorRequests(validateCloudbedsRequest);

interface Sent {
  method: string;
  url: URL;
  headers: Record<string, string>;
}

/** The adapter on a fresh http factory whose fetch records (and optionally rewrites) each call. */
function adapterFor(
  baseUrl: string,
  overrides: Record<string, unknown> = {},
  intercept?: (url: URL) => Response | undefined,
): { pms: PmsPort; sent: Sent[] } {
  const sent: Sent[] = [];
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    sent.push({ method: init?.method ?? 'GET', url, headers: { ...(init?.headers as Record<string, string>) } });
    return intercept?.(url) ?? fetch(input, init);
  };
  const config = cloudbedsConfigSchema.parse({ apiBaseUrl: `${baseUrl}/api/v1.3`, ...harbour, ...overrides });
  const pms = createCloudbedsPms(config, {
    http: createHttpClientFactory({ production: false, fetch: vendorContract.wrap(recording) }),
    clock: { now: () => new Date() },
    property,
  });
  return { pms, sent };
}

const armFault = (baseUrl: string, fault: { mode: string; count?: number }) =>
  fetch(`${baseUrl}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });

const codeOf = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

runPmsContract('cloudbeds', async () => {
  const mock = createCloudbedsMock();
  const baseUrl = await mock.start(0);
  return { pms: adapterFor(baseUrl).pms, vacantRoom: '201', roomForMove: '110', close: () => mock.stop() };
});

describe('Cloudbeds adapter against the mock server', () => {
  let mock: CloudbedsMock;
  let baseUrl: string;
  beforeEach(async () => {
    mock = createCloudbedsMock();
    baseUrl = await mock.start(0);
  });
  afterEach(() => mock.stop());

  it('sends the key as x-api-key to v1.3 and as a bearer token with X-Property-ID to Accounting', async () => {
    const { pms, sent } = adapterFor(baseUrl);
    await pms.getReservation('HV1001');
    await pms.getFolio('HV1001');
    const v1 = sent.find((call) => call.url.pathname.startsWith('/api/v1.3/'));
    const accounting = sent.find((call) => call.url.pathname.startsWith('/accounting/v1.0/'));
    expect(v1?.headers['x-api-key']).toBe(harbour.apiKey);
    expect(accounting?.headers.authorization).toBe(`Bearer ${harbour.apiKey}`);
    expect(accounting?.headers['x-property-id']).toBe('310501');
  });

  it('turns a wrong key into integration_misconfigured', async () => {
    const { pms } = adapterFor(baseUrl, { apiKey: 'cbat_wrong' });
    await expect(pms.healthCheck()).rejects.toSatisfy(codeOf('integration_misconfigured'));
    await expect(pms.getReservation('HV1001')).rejects.toSatisfy(codeOf('integration_misconfigured'));
  });

  it('turns another property id into integration_misconfigured', async () => {
    const { pms } = adapterFor(baseUrl, { propertyId: '310502' });
    await expect(pms.getReservation('HV1001')).rejects.toSatisfy(codeOf('integration_misconfigured'));
  });

  it('fails its health check when the payment method is not set up', async () => {
    const { pms } = adapterFor(baseUrl, { paymentType: 'adyen' });
    await expect(pms.healthCheck()).rejects.toSatisfy(codeOf('integration_misconfigured'));
  });

  it('retries a GET that met one injected 500', async () => {
    const { pms, sent } = adapterFor(baseUrl);
    await armFault(baseUrl, { mode: 'error', count: 1 });
    const reservation = await pms.getReservation('HV1001');
    expect(reservation.confirmationNumber).toBe('HV1001');
    expect(sent.filter((call) => call.url.pathname.endsWith('/getReservation'))).toHaveLength(2);
  });

  it('gives up on a hanging call with integration_timeout', async () => {
    const { pms } = adapterFor(baseUrl, { timeoutMs: 200 });
    await armFault(baseUrl, { mode: 'hang', count: 1 });
    await expect(pms.getReservation('HV1001')).rejects.toSatisfy(codeOf('integration_timeout'));
  });

  it('maps a refused state change to upstream_rejected', async () => {
    const { pms } = adapterFor(baseUrl);
    await expect(pms.checkOut('HV1002')).rejects.toSatisfy(codeOf('upstream_rejected'));
    await expect(pms.checkIn('HV1002', '204')).rejects.toSatisfy(codeOf('upstream_rejected'));
  });

  it('posts a repeated charge once, through the referenceID', async () => {
    const { pms, sent } = adapterFor(baseUrl);
    const charge = { amountMinor: 12_000, currency: 'EUR', description: 'Spa: massage', code: 'spa', idempotencyKey: 'stay:s1:spa:b1:v1' };
    const first = await pms.postCharge('HV1007', charge);
    const second = await pms.postCharge('HV1007', charge);
    expect(first).toEqual({ postingId: expect.any(String), duplicate: false });
    expect(second).toEqual({ postingId: first.postingId, duplicate: true });
    expect(mock.state.postings.filter((posting) => posting.referenceID === charge.idempotencyKey)).toHaveLength(1);
    const posted = mock.state.postings.find((posting) => posting.referenceID === charge.idempotencyKey);
    expect(posted).toMatchObject({ appItemID: 'ik-spa', amountMinor: 12_000 });
    expect(sent.filter((call) => call.url.pathname.endsWith('/postCustomItem'))).toHaveLength(2);
  });

  it('posts unknown charge codes as the misc item', async () => {
    const { pms } = adapterFor(baseUrl);
    await pms.postCharge('HV1007', { amountMinor: 500, currency: 'EUR', description: 'Umbrella', code: 'umbrella', idempotencyKey: 'stay:s1:misc:1' });
    expect(mock.state.postings.find((posting) => posting.referenceID === 'stay:s1:misc:1')?.appItemID).toBe('ik-misc');
  });

  it('refuses a charge in another currency before calling Cloudbeds', async () => {
    const { pms, sent } = adapterFor(baseUrl);
    await expect(
      pms.postCharge('HV1007', { amountMinor: 500, currency: 'CHF', description: 'x', code: 'misc', idempotencyKey: 'k' }),
    ).rejects.toSatisfy(codeOf('bad_request'));
    expect(sent).toHaveLength(0);
  });

  it('posts a repeated payment once, finding the first by its reference on the folio', async () => {
    const { pms, sent } = adapterFor(baseUrl);
    const payment = { amountMinor: 2_500, currency: 'EUR', description: 'Card payment', externalReference: 'pi_1', idempotencyKey: 'stay:s1:pay:pi_1' };
    const first = await pms.postPayment('HV1007', payment);
    const second = await pms.postPayment('HV1007', payment);
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ postingId: first.postingId, duplicate: true });
    expect(sent.filter((call) => call.url.pathname.endsWith('/postPayment'))).toHaveLength(1);
    expect(mock.state.postings.filter((posting) => posting.kind === 'payment' && posting.description.includes(payment.idempotencyKey))).toHaveLength(1);
    const line = (await pms.getFolio('HV1007')).lines.find((candidate) => candidate.id === first.postingId);
    expect(line).toMatchObject({ kind: 'payment', amountMinor: 2_500, description: 'Card payment', reference: payment.idempotencyKey });
  });

  it('falls back to the v1.3 balance when Accounting has nothing for the reservation', async () => {
    const { pms } = adapterFor(baseUrl);
    expect(await pms.getFolio('HV1013')).toEqual({ currency: 'EUR', lines: [], balanceMinor: 0, complete: false });
  });

  it('takes the fallback balance from getReservation, in minor units', async () => {
    const full = await adapterFor(baseUrl).pms.getFolio('HV1001');
    const empty = (url: URL) =>
      url.pathname.endsWith('transactions') && !url.pathname.includes('/folios/')
        ? Response.json({ transactions: [] })
        : undefined;
    const fallback = await adapterFor(baseUrl, {}, empty).pms.getFolio('HV1001');
    expect(full.complete).toBe(true);
    expect(fallback).toMatchObject({ complete: false, lines: [], balanceMinor: full.balanceMinor });
    expect(full.balanceMinor).toBeGreaterThan(0);
  });

  it('answers not_found for an unknown reservation on every read, which Cloudbeds reports as HTTP 200 with success: false', async () => {
    const { pms } = adapterFor(baseUrl);
    await expect(pms.getReservation('ZZ9999')).rejects.toSatisfy(codeOf('not_found'));
    await expect(pms.getFolio('ZZ9999')).rejects.toSatisfy(codeOf('not_found'));
    await expect(pms.getGuestProfile('ZZ9999')).rejects.toSatisfy(codeOf('not_found'));
  });

  it('finds a reservation typed in lower case and ignores junk without calling Cloudbeds', async () => {
    const { pms, sent } = adapterFor(baseUrl);
    expect((await pms.findReservation(' hv1004 ', 'oconnor'))?.guest.lastName).toBe("O'Connor");
    const before = sent.length;
    expect(await pms.findReservation('HV1001&x=1', 'Müller')).toBeNull();
    expect(await pms.findReservation('HV1001', '  ')).toBeNull();
    expect(sent).toHaveLength(before);
  });

  it('writes the address and a national id and reads them back', async () => {
    const { pms } = adapterFor(baseUrl);
    const profile = await pms.updateGuestProfile('HV1003', {
      address: { lines: ['Rua das Flores 10', '2º Esq'], city: 'Porto', postalCode: '4050-262', region: 'Porto', countryCode: 'pt' },
      dateOfBirth: '1988-02-03',
      document: { type: 'national_id', number: '12345678', issuingCountry: 'PT' },
    });
    expect(profile).toMatchObject({
      lastName: 'Ferreira',
      address: { lines: ['Rua das Flores 10', '2º Esq'], city: 'Porto', postalCode: '4050-262', region: 'Porto', countryCode: 'PT' },
      dateOfBirth: '1988-02-03',
      document: { type: 'national_id', number: '12345678', issuingCountry: 'PT' },
    });
  });

  it('assigns a free room, then checks in', async () => {
    const { pms, sent } = adapterFor(baseUrl);
    const reservation = await pms.checkIn('HV1004', '202');
    expect(reservation).toMatchObject({ status: 'checked_in', room: '202' });
    expect(sent.map((call) => call.url.pathname.split('/').pop())).toEqual(['getReservation', 'getRoomsUnassigned', 'postRoomAssign', 'putReservation']);
  });

  it('refuses a room that is not free without touching the reservation', async () => {
    const { pms } = adapterFor(baseUrl);
    await expect(pms.checkIn('HV1004', '204')).rejects.toSatisfy(codeOf('upstream_rejected'));
    expect(mock.state.reservations.get('HV1004')).toMatchObject({ status: 'confirmed', roomID: null });
  });
});

describe('Cloudbeds mapper', () => {
  it('writes minor units as the decimal strings v1.3 takes', () => {
    expect(toDecimalString(14_550, 2)).toBe('145.50');
    expect(toDecimalString(29, 2)).toBe('0.29');
    expect(toDecimalString(500, 0)).toBe('500');
    expect(toDecimalString(1_234, 3)).toBe('1.234');
  });

  it('maps every Cloudbeds status', () => {
    expect(toReservationStatus('confirmed')).toBe('reserved');
    expect(toReservationStatus('not_confirmed')).toBe('reserved');
    expect(toReservationStatus('checked_in')).toBe('checked_in');
    expect(toReservationStatus('checked_out')).toBe('checked_out');
    expect(toReservationStatus('canceled')).toBe('cancelled');
    expect(toReservationStatus('no_show')).toBe('no_show');
    expect(() => toReservationStatus('archived')).toThrow(AppError);
  });

  it('signs folio lines by internalCodeGroup and drops zero amounts', () => {
    const folio = toFolio(
      [
        { id: '1', amount: 160, currency: 'EUR', currencyScale: 2, internalCodeGroup: 'ROOM_REVENUE_RATE', serviceDate: '2026-01-01', description: 'Room rate' },
        { id: '2', amount: 45.5, currency: 'EUR', currencyScale: 2, internalCodeGroup: 'PAYMENT', serviceDate: '2026-01-02', description: withReference('Card', 'k1') },
        { id: '3', amount: -10, currency: 'EUR', currencyScale: 2, internalCodeGroup: 'ROOM_REVENUE_MANUAL', serviceDate: '2026-01-02', description: 'Allowance' },
        { id: '4', amount: 0, currency: 'EUR', internalCodeGroup: 'CUSTOM_ITEM', serviceDate: '2026-01-02', description: 'Free water' },
      ],
      'EUR',
    );
    expect(folio.lines).toEqual([
      { id: '1', date: '2026-01-01', description: 'Room rate', amountMinor: 16_000, kind: 'charge' },
      { id: '2', date: '2026-01-02', description: 'Card', amountMinor: 4_550, kind: 'payment', reference: 'k1' },
      { id: '3', date: '2026-01-02', description: 'Allowance', amountMinor: 1_000, kind: 'payment' },
    ]);
    expect(folio).toMatchObject({ currency: 'EUR', balanceMinor: 16_000 - 4_550 - 1_000, complete: true });
  });

  it('uses the currency scale when the transaction has none', () => {
    expect(toFolioLine({ id: 'j', amount: 1200, currency: 'JPY', internalCodeGroup: 'CUSTOM_ITEM', transactionDatetime: '2026-01-05T10:00:00Z' }, 'JPY'))
      .toMatchObject({ amountMinor: 1200, date: '2026-01-05' });
  });

  it('round-trips our reference through a payment note', () => {
    expect(splitReference(withReference('Card payment', 'stay:1:pay:pi_9'))).toEqual({ description: 'Card payment', reference: 'stay:1:pay:pi_9' });
    expect(splitReference('Visa payment')).toEqual({ description: 'Visa payment' });
  });

  it('writes a national id with its type and a passport without one (Cloudbeds wants its issue date)', () => {
    expect(toPutGuestFields({ document: { type: 'national_id', number: 'X1', issuingCountry: 'es' } })).toEqual({
      guestDocumentNumber: 'X1', guestDocumentIssuingCountry: 'ES', guestDocumentType: 'dni',
    });
    expect(toPutGuestFields({ document: { type: 'passport', number: 'P1', issuingCountry: 'DE', expiryDate: '2031-01-01' } })).toEqual({
      guestDocumentNumber: 'P1', guestDocumentIssuingCountry: 'DE', guestDocumentExpirationDate: '2031-01-01',
    });
    expect(toPutGuestFields({ email: 'a@b.example', nationality: 'DE', address: { lines: ['Main St 1'] } })).toEqual({
      guestEmail: 'a@b.example', guestAddress1: 'Main St 1',
    });
  });

  it('reads getGuest with empty strings as missing fields', () => {
    expect(toGuestProfile('g1', { firstName: 'Ana', lastName: 'Silva', email: '', phone: '', cellPhone: '+351900000000', address: '', city: '', documentNumber: '' }))
      .toEqual({ profileId: 'g1', firstName: 'Ana', lastName: 'Silva', phone: '+351900000000' });
  });

  it('encodes nested form fields with PHP brackets', () => {
    expect(decodeURIComponent(toForm({ a: '1', items: [{ appItemID: 'ik-spa', itemTaxes: [{ taxValue: 2.5 }] }], skip: undefined }).toString())).toBe(
      'a=1&items[0][appItemID]=ik-spa&items[0][itemTaxes][0][taxValue]=2.5',
    );
  });
});

describe('Cloudbeds provider', () => {
  it('fills item ids and payment type with the defaults the mock knows', () => {
    const config = cloudbedsConfigSchema.parse({ apiBaseUrl: 'https://api.cloudbeds.com/api/v1.3', ...harbour, itemIds: { tip: { appItemID: 'x-tip', categoryName: 'Tips' } } });
    expect(config.itemIds.spa).toEqual({ appItemID: 'ik-spa', categoryName: 'Spa' });
    expect(config.itemIds.tip).toEqual({ appItemID: 'x-tip', categoryName: 'Tips' });
    expect(config.paymentType).toBe('stripe');
  });

  it('keeps the key secret', () => {
    expect(cloudbedsProvider.secretFields).toEqual(['apiKey']);
  });

  it('derives the Accounting base URL from the v1.3 one', () => {
    expect(defaultAccountingBaseUrl('https://api.cloudbeds.com/api/v1.3/')).toBe('https://api.cloudbeds.com/accounting/v1.0');
    expect(defaultAccountingBaseUrl('http://127.0.0.1:4103/api/v1.3')).toBe('http://127.0.0.1:4103/accounting/v1.0');
    expect(defaultAccountingBaseUrl('https://proxy.example/cloudbeds')).toBe('https://proxy.example/accounting/v1.0');
  });
});
