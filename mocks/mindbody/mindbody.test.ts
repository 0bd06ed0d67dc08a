import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { controlClient } from '../shared/control-client.js';
import { exchangeLog, exchangeProblems } from '../shared/exchange-log.js';
import type { VendorRequest } from '../shared/vendor-request.js';
import { MINDBODY_MOCK_API_KEY, MINDBODY_MOCK_PASSWORD, MINDBODY_MOCK_SITE_ID, MINDBODY_MOCK_USERNAME } from './credentials.js';
import { createMindbodyMock, type MindbodyMock } from './server.js';
import { validateMindbodyRequest, validateMindbodyResponse } from './spec-validator.js';

interface Exchange {
  request: VendorRequest;
  response: { status: number; body: string };
}

interface Call {
  query?: Record<string, string | string[]>;
  body?: unknown;
  /** Staff token; `null` sends none. */
  token?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Two days after the mock's "now" (2026-11-24 09:00 in Zurich), so every shift of the day is ahead. */
const DAY = '2026-11-26';
const NOW = Date.parse('2026-11-24T08:00:00Z');

describe('Mindbody Public API v6 mock', () => {
  let mock: MindbodyMock;
  let url: string;
  let control: ReturnType<typeof controlClient>;
  let token: string;
  const exchanges = exchangeLog<Exchange>();

  /** Calls /public/v6<path> with the demo Api-Key and SiteId, records the exchange, answers status, headers and JSON. */
  async function api(method: 'GET' | 'POST', path: string, call: Call = {}) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(call.query ?? {})) for (const one of [value].flat()) search.append(name, one);
    const target = `/public/v6${path}${search.size ? `?${search}` : ''}`;
    const headers: Record<string, string> = { 'api-key': MINDBODY_MOCK_API_KEY, siteid: MINDBODY_MOCK_SITE_ID, ...call.headers };
    const staffToken = call.token === undefined ? token : call.token;
    if (staffToken) headers.authorization = staffToken;
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    if (body) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${target}`, { method, headers, body, signal: call.signal });
    const text = await response.text();
    exchanges.record({ request: { method, url: target, headers, ...(body ? { body } : {}) }, response: { status: response.status, body: text } });
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as any };
  }

  const specProblems = (traffic: Exchange[], options: { requests?: boolean } = {}) =>
    exchangeProblems(traffic, { request: ({ request }) => validateMindbodyRequest(request), response: ({ request, response }) => validateMindbodyResponse(request, response) }, options);

  const addClient = async (email: string) =>
    (await api('POST', '/client/addclient', { body: { FirstName: 'Anna', LastName: 'Müller', Email: email, MobilePhone: '+41791234567', SendAccountEmails: false } })).body.Client;
  const book = (clientId: string, overrides: Record<string, unknown> = {}) =>
    api('POST', '/appointment/addappointment', {
      body: { ClientId: clientId, LocationId: 1, SessionTypeId: 52, StaffId: 100000012, StartDateTime: `${DAY}T10:00:00`, SendEmail: false, ApplyPayment: false, ...overrides },
    });
  const windowsOf = async (staffId: number, sessionTypeId = 52) =>
    (
      await api('GET', '/appointment/bookableitems', {
        query: { 'request.sessionTypeIds': String(sessionTypeId), 'request.staffIds': String(staffId), 'request.startDate': `${DAY}T00:00:00`, 'request.endDate': `${DAY}T23:59:59` },
      })
    ).body.Availabilities.map((a: any) => [a.StartDateTime.slice(11, 16), a.EndDateTime.slice(11, 16), a.BookableEndDateTime.slice(11, 16)]);

  beforeAll(async () => {
    mock = createMindbodyMock({ now: () => NOW });
    url = await mock.start(0);
    control = controlClient(url);
    const issued = await api('POST', '/usertoken/issue', { token: null, body: { Username: MINDBODY_MOCK_USERNAME, Password: MINDBODY_MOCK_PASSWORD } });
    token = issued.body.AccessToken;
  });
  afterAll(() => mock.stop());
  afterEach(() => {
    expect(specProblems(exchanges.traffic())).toEqual([]);
  });

  it("holds answers and requests to the spec: a misspelt or mistyped field, an undeclared parameter, a missing SiteId", () => {
    const sessionTypes = { method: 'GET', url: '/public/v6/site/sessiontypes' };
    expect(validateMindbodyResponse(sessionTypes, { status: 200, body: JSON.stringify({ SessionTypes: [{ Id: '52', Nmae: 'x' }] }) })).toHaveLength(2);
    expect(validateMindbodyResponse(sessionTypes, { status: 400, body: JSON.stringify({ error: { code: 'x' } }) })).not.toEqual([]);
    const headers = { 'api-key': MINDBODY_MOCK_API_KEY, siteid: MINDBODY_MOCK_SITE_ID };
    expect(validateMindbodyRequest({ method: 'GET', url: '/public/v6/appointment/bookableitems?request.sessionTypeIds=52&request.startDate=2026-11-26T00:00:00', headers })).toEqual([]);
    expect(validateMindbodyRequest({ method: 'GET', url: '/public/v6/appointment/bookableitems?request.sessionTypeIDs=52', headers })).toHaveLength(2);
    expect(validateMindbodyRequest({ method: 'GET', url: '/public/v6/site/sessiontypes', headers: { 'api-key': MINDBODY_MOCK_API_KEY } })).toEqual(['header parameter siteId is required']);
    const body = JSON.stringify({ ClientId: 7, LocationId: 1, SessionTypeId: 52, StaffId: 1, StartDateTime: 'today' });
    expect(validateMindbodyRequest({ method: 'POST', url: '/public/v6/appointment/addappointment', headers: { ...headers, 'content-type': 'application/json' }, body })).toHaveLength(2);
  });

  it('issues a staff token that expires after seven days, and refuses other credentials, keys and sites with DeniedAccess', async () => {
    const issued = await api('POST', '/usertoken/issue', { token: null, body: { Username: MINDBODY_MOCK_USERNAME, Password: MINDBODY_MOCK_PASSWORD } });
    expect(issued.body).toMatchObject({ TokenType: 'Bearer', Expires: '2026-12-01T08:00:00Z', User: { Type: 'Staff' } });
    expect((await api('POST', '/usertoken/issue', { token: null, body: { Username: MINDBODY_MOCK_USERNAME, Password: 'wrong' } })).body).toEqual({
      Error: { Code: 'DeniedAccess', Message: 'Invalid username or password.' },
    });
    expect((await api('GET', '/client/clients', { token: `Bearer ${issued.body.AccessToken}` })).status).toBe(200);
    expect(specProblems(exchanges.traffic())).toEqual([]);

    const refusals = [
      await api('GET', '/site/sessiontypes', { headers: { 'api-key': 'not-the-key' } }),
      await api('GET', '/site/sessiontypes', { headers: { siteid: '-98' } }),
      await api('POST', '/appointment/addappointment', { token: null, body: { ClientId: '1', LocationId: 1, SessionTypeId: 52, StaffId: 1, StartDateTime: `${DAY}T10:00:00` } }),
      await api('GET', '/appointment/staffappointments', { token: 'made-up' }),
    ];
    expect(refusals.map((r) => [r.status, r.body.Error.Code])).toEqual(Array(4).fill([401, 'DeniedAccess']));

    await control('/__control/clock', { advanceMinutes: 7 * 24 * 60 });
    expect((await api('GET', '/client/clients', { token: issued.body.AccessToken })).status).toBe(401);
    await control('/__control/clock', { advanceMinutes: -7 * 24 * 60 });
    // The requests above break the spec on purpose (a missing key, a missing token): only the answers are held to it.
    expect(specProblems(exchanges.traffic(), { requests: false })).toEqual([]);
  });

  it('lists the spa session types, their online prices, the therapists and the location, with PaginationResponse', async () => {
    const types = await api('GET', '/site/sessiontypes', { query: { 'request.onlineOnly': 'true' } });
    expect(types.body.PaginationResponse).toEqual({ RequestedLimit: 100, RequestedOffset: 0, PageSize: 3, TotalResults: 3 });
    expect(types.body.SessionTypes.map((t: any) => [t.Id, t.Name, t.DefaultTimeLength, t.Type])).toEqual([
      [52, 'Deep Tissue Massage 60', 60, 'Appointment'],
      [53, 'Alpine Hydrating Facial', 45, 'Appointment'],
      [54, 'Hot Stone Massage 90', 90, 'Appointment'],
    ]);
    // Arrays as repeated parameters, or one comma-separated value; names in any case.
    const repeated = await api('GET', '/sale/services', { query: { 'request.sessionTypeIds': ['52', '54'], 'request.locationId': '1', 'request.sellOnline': 'true' } });
    expect(repeated.body.Services.map((s: any) => [s.Id, s.OnlinePrice])).toEqual([['10052', 140], ['10054', 185.5]]);
    const shouted = await api('GET', '/sale/services', { query: { 'REQUEST.SESSIONTYPEIDS': '53' } });
    expect(shouted.body.Services.map((s: any) => s.Id)).toEqual(['10053']);
    expect(specProblems(exchanges.traffic(), { requests: false })).toEqual([]);

    expect((await api('GET', '/Site/SessionTypes')).body.SessionTypes).toHaveLength(3);
    expect(specProblems(exchanges.traffic(), { requests: false })).toEqual([]);
    const staff = await api('GET', '/staff/staff', { query: { 'request.sessionTypeId': '53' } });
    expect(staff.body.StaffMembers.map((s: any) => s.DisplayName)).toEqual(['Marco R.', 'Sofia B.']);
    expect((await api('GET', '/site/locations')).body.Locations).toMatchObject([{ Id: 1, Name: 'Alpine Lodge Spa' }]);
  });

  it('answers bookable windows per therapist with the last bookable start, and the site increments', async () => {
    expect(await windowsOf(100000012)).toEqual([['09:00', '17:00', '16:00']]);
    expect(await windowsOf(100000012, 54)).toEqual([['09:00', '17:00', '15:30']]);
    const times = await api('GET', '/appointment/activesessiontimes', { query: { 'request.sessionTypeIds': '52', 'request.startTime': '2026-01-01T09:00:00', 'request.endTime': '2026-01-01T10:30:00' } });
    expect(times.body.ActiveSessionTimes).toEqual(['09:00:00', '09:30:00', '10:00:00', '10:30:00']);
    const missing = await api('GET', '/appointment/bookableitems');
    expect(missing).toMatchObject({ status: 400, body: { Error: { Code: 'InvalidParameter' } } });
    const withOffset = await api('GET', '/appointment/bookableitems', { query: { 'request.sessionTypeIds': '52', 'request.startDate': `${DAY}T00:00:00+01:00` } });
    expect(withOffset.status).toBe(400);
    expect(specProblems(exchanges.traffic(), { requests: false })).toEqual([]);
  });

  it('books an appointment with our PartnerExternalId, re-checks overlap, honours Test, and finds it again', async () => {
    const client = await addClient('anna.book@guests.example');
    expect(client).toMatchObject({ FirstName: 'Anna', Email: 'anna.book@guests.example' });
    expect((await api('GET', '/client/clients', { query: { 'request.searchText': 'ANNA.BOOK@guests.example' } })).body.Clients.map((c: any) => c.Id)).toEqual([client.Id]);

    const dryRun = await book(client.Id, { Test: true, PartnerExternalId: 'spa_bk_dry' });
    expect(dryRun.body.Appointment).toMatchObject({ Id: 0, Status: 'Booked' });
    const booked = await book(client.Id, { PartnerExternalId: 'spa_bk_7731', Notes: 'Room 204' });
    expect(booked.body.Appointment).toMatchObject({
      Status: 'Booked',
      StartDateTime: `${DAY}T10:00:00`,
      EndDateTime: `${DAY}T11:00:00`,
      Duration: 60,
      ClientId: client.Id,
      Staff: { Id: 100000012, DisplayName: 'Lena O.' },
      PartnerExternalId: 'spa_bk_7731',
      FirstAppointment: true,
    });
    expect(await windowsOf(100000012)).toEqual([['09:00', '10:00', '09:00'], ['11:00', '17:00', '16:00']]);

    const overlapping = await book(client.Id, { StartDateTime: `${DAY}T10:30:00` });
    expect(overlapping).toMatchObject({ status: 400, body: { Error: { Code: 'InvalidParameter', Message: 'The staff member is not available at the requested time.' } } });
    expect((await book(client.Id, { StartDateTime: `${DAY}T16:30:00` })).status).toBe(400);

    const id = booked.body.Appointment.Id;
    const byId = await api('GET', '/appointment/staffappointments', { query: { 'request.appointmentIds': String(id) } });
    expect(byId.body.Appointments.map((a: any) => a.Id)).toEqual([id]);
    const forClient = await api('GET', '/appointment/staffappointments', {
      query: { 'request.clientId': client.Id, 'request.startDate': `${DAY}T00:00:00`, 'request.endDate': `${DAY}T23:59:59` },
    });
    expect(forClient.body.Appointments.map((a: any) => a.PartnerExternalId)).toEqual(['spa_bk_7731']);
    const today = await api('GET', '/appointment/staffappointments', { query: { 'request.clientId': client.Id } });
    expect(today.body.Appointments).toEqual([]);
  });

  it('moves an appointment through arrive, cancel, late cancel and no-show, refusing what its state does not allow', async () => {
    const client = await addClient('anna.update@guests.example');
    const execute = async (appointmentId: number, Execute: string) => api('POST', '/appointment/updateappointment', { body: { AppointmentId: appointmentId, Execute, SendEmail: false } });
    const at = async (time: string) => (await book(client.Id, { StaffId: 100000013, StartDateTime: `${DAY}T${time}:00` })).body.Appointment.Id as number;

    const arrived = await at('12:00');
    expect((await execute(arrived, 'arrive')).body.Appointment.Status).toBe('Arrived');
    expect((await execute(arrived, 'cancel')).body.Error).toMatchObject({ Code: 'InvalidParameter' });
    const cancelled = await at('13:00');
    expect((await execute(cancelled, 'cancel')).body.Appointment.Status).toBe('Cancelled');
    expect(await windowsOf(100000013)).toEqual([['11:00', '12:00', '11:00'], ['13:00', '20:00', '19:00']]);
    expect((await execute(await at('14:00'), 'latecancel')).body.Appointment.Status).toBe('LateCancelled');
    expect((await execute(await at('15:00'), 'noshow')).body.Appointment.Status).toBe('NoShow');
    expect((await execute(await at('16:00'), 'vanish')).status).toBe(400);
    expect((await execute(999999, 'cancel')).status).toBe(400);
  });

  it('pages lists with request.limit and request.offset, up to 200', async () => {
    const second = await api('GET', '/site/sessiontypes', { query: { 'request.limit': '1', 'request.offset': '1' } });
    expect(second.body).toMatchObject({ PaginationResponse: { RequestedLimit: 1, RequestedOffset: 1, PageSize: 1, TotalResults: 3 }, SessionTypes: [{ Id: 53 }] });
    expect((await api('GET', '/site/sessiontypes', { query: { 'request.limit': '500' } })).status).toBe(400);
  });

  it('injects a rate limit with Retry-After and a server error in its error body, and carries out a booking whose answer it then loses', async () => {
    const limited = await api('GET', '/site/sessiontypes', { headers: { 'x-mock-fault': 'rate-limit' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.body.Error.Code).toBe('TooManyRequests');
    await control('/__control/faults', { mode: 'error', count: 1 });
    expect((await api('GET', '/site/sessiontypes')).body).toEqual({ Error: { Code: 'InternalError', Message: 'An internal error occurred.' } });
    expect(specProblems(exchanges.traffic(), { requests: false })).toEqual([]);

    const client = await addClient('anna.lost@guests.example');
    await control('/__control/lose-answers', { operation: '/appointment/addappointment', count: 1 });
    const body = { ClientId: client.Id, LocationId: 1, SessionTypeId: 53, StaffId: 100000014, StartDateTime: `${DAY}T10:00:00`, PartnerExternalId: 'spa_bk_lost' };
    await expect(api('POST', '/appointment/addappointment', { body, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    const found = await api('GET', '/appointment/staffappointments', {
      query: { 'request.clientId': client.Id, 'request.startDate': `${DAY}T00:00:00`, 'request.endDate': `${DAY}T23:59:59` },
    });
    expect(found.body.Appointments.map((a: any) => a.PartnerExternalId)).toEqual(['spa_bk_lost']);
  });
});
