import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlClient } from '../shared/control-client.js';
import { SPABOOKER_MOCK_CLIENT_ID, SPABOOKER_MOCK_CLIENT_SECRET, SPABOOKER_MOCK_LOCATION_ID, SPABOOKER_MOCK_SUBSCRIPTION_KEY } from './credentials.js';
import { createSpaBookerMock, type SpaBookerMock } from './server.js';

// Monday 13 July 2026, 09:00 in Lisbon (summer time, +01:00).
const NOW = Date.parse('2026-07-13T08:00:00Z');
const TUESDAY = '2026-07-14';
const LOCATION_ID = Number(SPABOOKER_MOCK_LOCATION_ID);
const DEEP_TISSUE = 1101;
const LENA = 501;
const MARCO = 502;
const SOFIA = 503;

describe('SpaBooker mock', () => {
  let mock: SpaBookerMock;
  let url: string;
  let token: string;
  let control: ReturnType<typeof controlClient>;

  const tokenRequest = (form: Record<string, string>, key = SPABOOKER_MOCK_SUBSCRIPTION_KEY) =>
    fetch(`${url}/v5/auth/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'ocp-apim-subscription-key': key },
      body: new URLSearchParams(form).toString(),
    });
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) => {
    const response = await fetch(`${url}${path}`, {
      method,
      signal,
      headers: {
        'ocp-apim-subscription-key': SPABOOKER_MOCK_SUBSCRIPTION_KEY,
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };
  const create = (start: string, overrides: { EmployeeID?: number; TreatmentID?: number } = {}, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    api(
      'POST',
      '/v4.1/customer/appointment/create',
      {
        LocationID: LOCATION_ID,
        ItineraryTimeSlotList: [{ TreatmentTimeSlots: [{ TreatmentID: DEEP_TISSUE, StartDateTime: start, ...overrides }] }],
        Customer: { FirstName: 'Anna', LastName: 'Müller', Email: 'anna@guests.example', MobilePhone: '+351912345678' },
        Notes: 'Room 204',
        ExternalReference: 'spa_bk_1',
      },
      headers,
      signal,
    );
  const availability = async (employeeId?: number) =>
    (
      await api('POST', '/v4.1/customer/availability/treatment', {
        LocationID: LOCATION_ID,
        TreatmentID: DEEP_TISSUE,
        StartDateTime: `${TUESDAY}T00:00:00+01:00`,
        EndDateTime: '2026-07-15T00:00:00+01:00',
        EmployeeID: employeeId,
      })
    ).body.AvailableTimes as Array<{ StartDateTime: string; EndDateTime: string; EmployeeID: number }>;

  const signIn = async () => {
    const response = await tokenRequest({ grant_type: 'client_credentials', client_id: SPABOOKER_MOCK_CLIENT_ID, client_secret: SPABOOKER_MOCK_CLIENT_SECRET });
    token = ((await response.json()) as { access_token: string }).access_token;
  };

  beforeEach(async () => {
    mock = createSpaBookerMock({ now: NOW });
    url = await mock.start(0);
    control = controlClient(url);
    await signIn();
  });
  afterEach(() => mock.stop());

  it('refuses a missing subscription key, other client credentials, and a missing or expired token', async () => {
    const noKey = await tokenRequest({ grant_type: 'client_credentials', client_id: SPABOOKER_MOCK_CLIENT_ID, client_secret: SPABOOKER_MOCK_CLIENT_SECRET }, 'wrong');
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ statusCode: 401, message: expect.stringContaining('subscription key') });
    const badClient = await tokenRequest({ grant_type: 'client_credentials', client_id: SPABOOKER_MOCK_CLIENT_ID, client_secret: 'wrong' });
    expect(badClient.status).toBe(400);
    expect(await badClient.json()).toMatchObject({ error: 'invalid_client' });

    const location = `/v4.1/customer/location/${LOCATION_ID}`;
    expect(await api('GET', location)).toMatchObject({ status: 200, body: { Location: { TimeZone: { IANAName: 'Europe/Lisbon' }, CurrencyCode: 'EUR' } } });
    expect(await api('GET', location, undefined, { authorization: 'Bearer nope' })).toMatchObject({
      status: 401,
      body: { IsSuccess: false, ErrorCode: 'InvalidAccessToken' },
    });
    await control('/__control/clock', { advanceSeconds: 3601 });
    expect((await api('GET', location)).body.ErrorCode).toBe('InvalidAccessToken');
  });

  it('names its treatments in German and lists the therapists with their working hours', async () => {
    const { body } = await api('POST', '/v4.1/customer/treatments', { LocationID: LOCATION_ID, LanguageCode: 'de-CH', PageNumber: 1, PageSize: 100, UsePaging: true });
    expect(body.LanguageCode).toBe('de');
    expect(body.Treatments[0]).toMatchObject({
      ID: DEEP_TISSUE,
      Name: 'Tiefengewebsmassage',
      Category: { Name: 'Massage' },
      TreatmentDuration: 60,
      TotalDuration: 75,
      Price: { Amount: 95, CurrencyCode: 'EUR' },
    });
    expect((await api('POST', '/v4.1/customer/treatments', { LocationID: LOCATION_ID, LanguageCode: 'ja' })).body.Treatments[0].Name).toBe('Deep tissue massage');
    const employees = (await api('POST', '/v4.1/merchant/employees', { LocationID: LOCATION_ID })).body.Employees;
    expect(employees.find((employee: { ID: number }) => employee.ID === LENA).WorkSchedule).toContainEqual({ DayOfWeek: 'Tuesday', StartTime: '09:00', EndTime: '18:00' });
    expect((await api('POST', '/v4.1/customer/treatments', { LocationID: 1 })).body.ErrorCode).toBe('LocationNotFound');
  });

  it("offers start times from the working hours in the location's zone with its offset, minus what is booked", async () => {
    const before = await availability();
    // Tuesday: Lena from 09:00, Marco from 11:00; Sofia is off.
    expect(before[0]).toMatchObject({ StartDateTime: `${TUESDAY}T09:00:00+01:00`, EndDateTime: `${TUESDAY}T10:00:00+01:00`, EmployeeID: LENA });
    expect(new Set(before.map((slot) => slot.EmployeeID))).toEqual(new Set([LENA, MARCO]));
    expect(before.some((slot) => slot.EmployeeID === SOFIA)).toBe(false);
    // The last start leaves room for the treatment and its 15 minutes of cleanup before 18:00.
    expect(before.filter((slot) => slot.EmployeeID === LENA).at(-1)?.StartDateTime).toBe(`${TUESDAY}T16:30:00+01:00`);

    expect((await create(`${TUESDAY}T10:00:00+01:00`, { EmployeeID: LENA })).status).toBe(201);
    const lenaAfter = (await availability(LENA)).map((slot) => slot.StartDateTime.slice(11, 16));
    expect(lenaAfter).not.toContain('10:00');
    expect(lenaAfter).not.toContain('11:00');
    expect(lenaAfter).toContain('11:30');
  });

  it('books once per Idempotency-Key, and refuses the key with another body', async () => {
    const first = await create(`${TUESDAY}T12:00:00+01:00`, {}, { 'idempotency-key': 'spa_bk_1' });
    expect(first.status).toBe(201);
    expect(first.body.Appointment).toMatchObject({
      Status: { Name: 'Booked' },
      StartDateTime: `${TUESDAY}T12:00:00+01:00`,
      EndDateTime: `${TUESDAY}T13:00:00+01:00`,
      ExternalReference: 'spa_bk_1',
      Customer: { LastName: 'Müller' },
    });
    const again = await create(`${TUESDAY}T12:00:00+01:00`, {}, { 'idempotency-key': 'spa_bk_1' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.Appointment.ID).toBe(first.body.Appointment.ID);
    expect(await create(`${TUESDAY}T14:00:00+01:00`, {}, { 'idempotency-key': 'spa_bk_1' })).toMatchObject({ status: 422, body: { ErrorCode: 'IdempotencyKeyReused' } });
    expect((await control('/__control/appointments')).body.appointments).toHaveLength(1);
  });

  it('refuses a double booking, a therapist who does not give the treatment, a start in the past and a missing field', async () => {
    expect((await create(`${TUESDAY}T10:00:00+01:00`, { EmployeeID: LENA })).status).toBe(201);
    // Lena is busy until 11:15 (cleanup included); Marco starts at 11:00.
    expect(await create(`${TUESDAY}T10:30:00+01:00`, { EmployeeID: LENA })).toMatchObject({ status: 409, body: { IsSuccess: false, ErrorCode: 'SlotUnavailable' } });
    expect((await create(`${TUESDAY}T10:00:00+01:00`)).body.ErrorCode).toBe('SlotUnavailable');
    expect((await create(`${TUESDAY}T11:00:00+01:00`)).body.Appointment.EmployeeID).toBe(MARCO);
    expect(await create(`${TUESDAY}T12:00:00+01:00`, { TreatmentID: 1103, EmployeeID: MARCO })).toMatchObject({ status: 422, body: { ErrorCode: 'EmployeeNotQualified' } });
    expect(await create('2026-07-13T08:00:00+01:00')).toMatchObject({ status: 422, body: { ErrorCode: 'StartInPast' } });
    expect(await create(`${TUESDAY}T12:00:00`)).toMatchObject({
      status: 400,
      body: { ErrorCode: 'InvalidArgument', ArgumentErrors: [{ ArgumentName: 'StartDateTime' }] },
    });
  });

  it('cancels (freeing the slot), checks in, marks a no-show, refuses other changes, and lists a day', async () => {
    const cancelled = (await create(`${TUESDAY}T10:00:00+01:00`, { EmployeeID: LENA })).body.Appointment;
    const cancel = await api('PUT', '/v4.1/customer/appointment/cancel', { ID: cancelled.ID });
    expect(cancel.body.Appointment).toMatchObject({ Status: { Name: 'Cancelled' }, IsCancelled: true });
    expect((await api('PUT', '/v4.1/customer/appointment/cancel', { ID: cancelled.ID })).body.Appointment.Status.Name).toBe('Cancelled');
    expect((await availability(LENA)).map((slot) => slot.StartDateTime.slice(11, 16))).toContain('10:00');

    const arrived = (await create(`${TUESDAY}T10:00:00+01:00`, { EmployeeID: LENA })).body.Appointment;
    const missed = (await create(`${TUESDAY}T12:00:00+01:00`, { EmployeeID: MARCO })).body.Appointment;
    expect((await api('PUT', '/v4.1/merchant/appointment/checkin', { ID: arrived.ID })).body.Appointment).toMatchObject({ Status: { Name: 'CheckedIn' }, DateCheckIn: expect.any(String) });
    expect((await api('PUT', '/v4.1/merchant/appointment/noshow', { ID: missed.ID })).body.Appointment).toMatchObject({ Status: { Name: 'NoShow' }, IsNoShow: true });
    expect(await api('PUT', '/v4.1/customer/appointment/cancel', { ID: arrived.ID, IsLateCancellation: true })).toMatchObject({
      status: 409,
      body: { ErrorCode: 'InvalidStatusTransition' },
    });
    expect((await api('GET', '/v4.1/customer/appointment/999')).body.ErrorCode).toBe('AppointmentNotFound');

    const day = await api('POST', '/v4.1/merchant/appointments', { LocationID: LOCATION_ID, FromStartDate: TUESDAY, ToStartDate: TUESDAY, PageNumber: 1, PageSize: 2, UsePaging: true });
    expect(day.body.TotalResultsCount).toBe(3);
    expect(day.body.Appointments.map((item: { ID: number }) => item.ID)).toEqual([cancelled.ID, arrived.ID]);
    // The checked-in guest's treatment ends at 11:00 on Tuesday: then it is completed.
    await control('/__control/clock', { advanceSeconds: 2 * 86_400 });
    await signIn();
    expect((await api('GET', `/v4.1/customer/appointment/${arrived.ID}`)).body.Appointment.Status.Name).toBe('Completed');
  });

  it('injects server errors, rate limits with Retry-After, and answers lost after the appointment is made', async () => {
    expect(await api('GET', `/v4.1/customer/location/${LOCATION_ID}`, undefined, { 'x-mock-fault': 'error' })).toMatchObject({
      status: 500,
      body: { IsSuccess: false, ErrorCode: 'InternalError' },
    });
    await control('/__control/faults', { mode: 'rate-limit', count: 1 });
    const limited = await api('GET', `/v4.1/customer/location/${LOCATION_ID}`);
    expect(limited).toMatchObject({ status: 429, body: { statusCode: 429 } });
    expect(limited.headers.get('retry-after')).toBe('1');

    await control('/__control/lose-answers', { count: 1 });
    // The client gives up as an adapter's timeout would.
    await expect(create(`${TUESDAY}T12:00:00+01:00`, {}, { 'idempotency-key': 'spa_bk_lost' }, AbortSignal.timeout(500))).rejects.toThrow();
    const [made] = (await control('/__control/appointments')).body.appointments;
    expect(made.StartDateTime).toBe(`${TUESDAY}T12:00:00+01:00`);
    const retried = await create(`${TUESDAY}T12:00:00+01:00`, {}, { 'idempotency-key': 'spa_bk_lost' });
    expect(retried).toMatchObject({ status: 200, body: { Appointment: { ID: made.ID } } });
  });
});
