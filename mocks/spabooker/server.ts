import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { acceptFormBodies, clientCredentials } from '../shared/client-credentials.js';
import { registerFaults } from '../shared/faults.js';
import { listenOn } from '../shared/listen.js';
import { createAppointmentBook, SpaBookerError, STATUS_IDS, type AppointmentAction, type AppointmentBook, type StoredAppointment } from './appointment-book.js';
import { SPABOOKER_MOCK_CLIENT_ID, SPABOOKER_MOCK_CLIENT_SECRET, SPABOOKER_MOCK_LOCATION_ID, SPABOOKER_MOCK_SUBSCRIPTION_KEY } from './credentials.js';
import { demoLocation, LANGUAGES, type Language, type SpaEmployee, type SpaTreatment } from './location.js';

/**
 * Mock of SpaBooker's API. SpaBooker publishes nothing: this mock is our contract
 * (../shared/contracts/services.md §3.1), shaped like the Booker v4.1 API SpaBooker runs on as
 * third-party clients show it: an Azure API Management gateway key (`Ocp-Apim-Subscription-Key`) on
 * every call, an OAuth2 client-credentials token, PascalCase JSON, `/v4.1/customer/…` paths for
 * the catalog, availability and bookings and `/v4.1/merchant/…` for the spa's own staff. README.md
 * is the document an integrator gets: every route, body and error.
 */
export interface SpaBookerMock {
  app: FastifyInstance;
  book: AppointmentBook;
  /** Listens (port 0 picks a free one) and returns the base URL, e.g. `http://127.0.0.1:4112`. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

export interface SpaBookerMockOptions {
  /** Start of the mock clock in ms (default: the real time). */
  now?: number;
  logger?: boolean;
  /** The location's zone and currency (default Europe/Lisbon, EUR: the demo's harbour). */
  timeZone?: string;
  currency?: string;
}

const TOKEN_SECONDS = 3600;
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

type Body = Record<string, unknown>;
const isRecord = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
const invalid = (name: string, message: string) => new SpaBookerError(400, 'InvalidArgument', `${name}: ${message}`, [{ ArgumentName: name, ErrorMessage: message }]);

/** An integer id, as a JSON number or a numeric string. */
function id(body: Body, name: string, optional = false): number | null {
  const value = body[name];
  if ((value === undefined || value === null) && optional) return null;
  const parsed = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isSafeInteger(parsed) || parsed <= 0) throw invalid(name, 'must be a positive integer.');
  return parsed;
}

/** An ISO 8601 date-time with its offset (`Z` or `±hh:mm`): a wall-clock time alone is ambiguous. */
function instant(body: Body, name: string): DateTime {
  const value = body[name];
  if (typeof value !== 'string' || !/(Z|[+-]\d\d:?\d\d)$/.test(value)) throw invalid(name, 'must be an ISO 8601 date-time with an offset.');
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) throw invalid(name, 'must be an ISO 8601 date-time with an offset.');
  return parsed;
}

function date(body: Body, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value).isValid) throw invalid(name, 'must be a date, YYYY-MM-DD.');
  return value;
}

function page<T>(items: T[], body: Body): { items: T[]; total: number } {
  const number = id(body, 'PageNumber', true) ?? 1;
  const size = id(body, 'PageSize', true) ?? DEFAULT_PAGE_SIZE;
  if (size > MAX_PAGE_SIZE) throw invalid('PageSize', `must be at most ${MAX_PAGE_SIZE}.`);
  return { items: items.slice((number - 1) * size, number * size), total: items.length };
}

function language(body: Body): Language {
  const asked = text(body.LanguageCode)?.toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((candidate) => candidate === asked) ?? 'en';
}

export function createSpaBookerMock(options: SpaBookerMockOptions = {}): SpaBookerMock {
  const app = Fastify({ logger: options.logger ?? false });
  const location = demoLocation(Number(SPABOOKER_MOCK_LOCATION_ID), { timeZone: options.timeZone, currency: options.currency });
  const book = createAppointmentBook(location, { now: options.now });
  const tokens = new Map<string, DateTime>();
  /** Idempotency-Key → the body it came with and the appointment it made. */
  const idempotency = new Map<string, { body: string; appointmentId: number }>();
  /** Creates still to be made and then left unanswered (`/__control/lose-answers`). */
  let answersToLose = 0;
  const held = new Set<FastifyReply>();

  acceptFormBodies(app);

  // The gateway's own answers (key refused, rate limit, unknown route) come in its shape, not the API's.
  const gateway = (reply: FastifyReply, status: number, message: string) => reply.code(status).send({ statusCode: status, message });
  const send = (reply: FastifyReply, error: SpaBookerError) =>
    reply.code(error.status).send({ IsSuccess: false, ErrorCode: error.code, ErrorMessage: error.message, ArgumentErrors: error.argumentErrors.length ? error.argumentErrors : null });

  const iso = (value: DateTime | null) => value?.setZone(location.timeZone).toISO({ suppressMilliseconds: true }) ?? null;
  const money = (amount: number) => ({ Amount: amount, CurrencyCode: location.currency });

  const treatmentView = (item: SpaTreatment, lang: Language) => ({
    ID: item.id,
    Name: item.name[lang],
    Description: item.description[lang],
    Category: { ID: item.category.id, Name: item.category.name[lang] },
    TreatmentDuration: item.treatmentMinutes,
    TotalDuration: item.treatmentMinutes + item.cleanupMinutes,
    Price: money(item.price),
    AllowCustomersToBookOnline: true,
    IsActive: true,
    EmployeeIDs: item.employeeIds,
  });

  const employeeView = (worker: SpaEmployee) => ({
    ID: worker.id,
    FirstName: worker.firstName,
    LastName: worker.lastName,
    Gender: worker.gender,
    TreatmentIDs: location.treatments.filter((item) => item.employeeIds.includes(worker.id)).map((item) => item.id),
    WorkSchedule: Object.entries(worker.hours).map(([day, shift]) => ({ DayOfWeek: WEEKDAYS[Number(day) - 1], StartTime: shift.start, EndTime: shift.end })),
  });

  const appointmentView = (item: StoredAppointment) => ({
    ID: item.id,
    BookingNumber: `SB-${item.id}`,
    LocationID: location.id,
    Status: { ID: STATUS_IDS[item.status], Name: item.status },
    StartDateTime: iso(item.start),
    EndDateTime: iso(item.end),
    TreatmentID: item.treatment.id,
    TreatmentName: item.treatment.name.en,
    EmployeeID: item.employee.id,
    EmployeeFirstName: item.employee.firstName,
    EmployeeLastName: item.employee.lastName,
    Customer: { FirstName: item.customer.firstName, LastName: item.customer.lastName, Email: item.customer.email, MobilePhone: item.customer.mobilePhone },
    Notes: item.notes,
    ExternalReference: item.externalReference,
    IsCancelled: item.status === 'Cancelled' || item.status === 'LateCancelled',
    IsNoShow: item.status === 'NoShow',
    DateCheckIn: iso(item.checkedInAt),
    DateCancelled: iso(item.cancelledAt),
    DateCreated: iso(item.createdAt),
    FinalTotal: money(item.treatment.price),
  });

  const atLocation = (body: Body) => {
    if (id(body, 'LocationID') !== location.id) throw new SpaBookerError(404, 'LocationNotFound', 'No such location for these credentials.');
  };
  const bodyOf = (request: FastifyRequest): Body => (isRecord(request.body) ? request.body : {});

  registerFaults(app, {
    serverError: (reply) => send(reply, new SpaBookerError(500, 'InternalError', 'An unexpected error occurred.')),
    rateLimited: (reply) => gateway(reply, 429, 'Rate limit is exceeded. Try again in 1 seconds.'),
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof SpaBookerError) return send(reply, error);
    if ((error as { statusCode?: number }).statusCode === 400) return send(reply, new SpaBookerError(400, 'InvalidArgument', 'The body could not be read as JSON.'));
    request.log.error(error);
    return send(reply, new SpaBookerError(500, 'InternalError', 'An unexpected error occurred.'));
  });
  app.setNotFoundHandler((_request, reply) => gateway(reply, 404, 'Resource not found'));

  app.get('/__control/clock', async () => ({ now: iso(book.now()) }));
  app.post('/__control/clock', async (request) => {
    const { advanceSeconds } = bodyOf(request);
    if (typeof advanceSeconds === 'number') book.advanceClock(advanceSeconds);
    return { now: iso(book.now()) };
  });
  app.get('/__control/appointments', async () => ({ appointments: book.all().map(appointmentView) }));
  app.post('/__control/lose-answers', async (request) => {
    const { count } = bodyOf(request);
    answersToLose = typeof count === 'number' && count > 0 ? count : 1;
    return { armed: answersToLose };
  });
  app.addHook('preClose', async () => {
    for (const reply of held) reply.raw.destroy();
    held.clear();
  });

  app.register(async (api) => {
    api.addHook('onRequest', async (request, reply) => {
      if (request.headers['ocp-apim-subscription-key'] !== SPABOOKER_MOCK_SUBSCRIPTION_KEY) {
        return gateway(reply, 401, 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.');
      }
    });

    api.post('/v5/auth/connect/token', async (request, reply) => {
      const { id: clientId, secret, grant } = clientCredentials(request);
      if (grant !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' });
      if (clientId !== SPABOOKER_MOCK_CLIENT_ID || secret !== SPABOOKER_MOCK_CLIENT_SECRET) {
        return reply.code(400).send({ error: 'invalid_client', error_description: 'The client credentials are invalid.' });
      }
      const token = `sbk_${randomBytes(16).toString('hex')}`;
      tokens.set(token, book.now().plus({ seconds: TOKEN_SECONDS }));
      return { access_token: token, token_type: 'Bearer', expires_in: TOKEN_SECONDS, scope: 'customer merchant' };
    });

    api.register(async (authorized) => {
      authorized.addHook('onRequest', async (request) => {
        const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
        const expires = token ? tokens.get(token) : undefined;
        if (!expires || expires <= book.now()) throw new SpaBookerError(401, 'InvalidAccessToken', 'invalid access token');
      });

      authorized.get('/v4.1/customer/location/:locationId', async (request) => {
        atLocation({ LocationID: (request.params as { locationId: string }).locationId });
        return {
          IsSuccess: true,
          Location: {
            ID: location.id,
            BusinessName: location.name,
            TimeZone: { IANAName: location.timeZone, Offset: book.now().toFormat('ZZ') },
            CurrencyCode: location.currency,
            SlotIntervalMinutes: location.slotMinutes,
          },
        };
      });

      authorized.post('/v4.1/customer/treatments', async (request) => {
        const body = bodyOf(request);
        atLocation(body);
        const lang = language(body);
        const { items, total } = page(location.treatments, body);
        return { IsSuccess: true, LanguageCode: lang, Treatments: items.map((item) => treatmentView(item, lang)), TotalResultsCount: total };
      });

      authorized.post('/v4.1/merchant/employees', async (request) => {
        const body = bodyOf(request);
        atLocation(body);
        const { items, total } = page(location.employees, body);
        return { IsSuccess: true, Employees: items.map(employeeView), TotalResultsCount: total };
      });

      authorized.post('/v4.1/customer/availability/treatment', async (request) => {
        const body = bodyOf(request);
        atLocation(body);
        const treatmentId = id(body, 'TreatmentID')!;
        const from = instant(body, 'StartDateTime');
        const to = instant(body, 'EndDateTime');
        if (to <= from) throw invalid('EndDateTime', 'must be after StartDateTime.');
        if (to.diff(from, 'days').days > 7) throw invalid('EndDateTime', 'the range may span at most 7 days.');
        const slots = book.availability({ treatmentId, from, to, employeeId: id(body, 'EmployeeID', true) });
        const item = book.treatment(treatmentId);
        return {
          IsSuccess: true,
          TreatmentID: treatmentId,
          AvailableTimes: slots.map((slot) => ({
            StartDateTime: iso(slot.start),
            EndDateTime: iso(slot.end),
            Duration: item.treatmentMinutes,
            TreatmentID: treatmentId,
            EmployeeID: slot.employee.id,
            EmployeeFirstName: slot.employee.firstName,
            EmployeeLastName: slot.employee.lastName,
            CurrentPrice: money(item.price),
          })),
        };
      });

      authorized.post('/v4.1/customer/appointment/create', async (request, reply) => {
        const body = bodyOf(request);
        const key = text(request.headers['idempotency-key']);
        const fingerprint = JSON.stringify(body);
        const known = key ? idempotency.get(key) : undefined;
        if (known) {
          if (known.body !== fingerprint) throw new SpaBookerError(422, 'IdempotencyKeyReused', 'This Idempotency-Key was used with a different request.');
          return reply.code(200).header('idempotent-replayed', 'true').send({ IsSuccess: true, Appointment: appointmentView(book.appointment(known.appointmentId)) });
        }
        atLocation(body);
        const itineraries = Array.isArray(body.ItineraryTimeSlotList) ? body.ItineraryTimeSlotList : [];
        const slots = isRecord(itineraries[0]) && Array.isArray(itineraries[0].TreatmentTimeSlots) ? itineraries[0].TreatmentTimeSlots : [];
        if (itineraries.length !== 1 || slots.length !== 1 || !isRecord(slots[0])) {
          throw invalid('ItineraryTimeSlotList', 'must hold exactly one itinerary with exactly one TreatmentTimeSlot.');
        }
        const slot = slots[0];
        const customer = isRecord(body.Customer) ? body.Customer : {};
        const lastName = text(customer.LastName);
        if (!lastName) throw invalid('Customer.LastName', 'is required.');
        const created = book.create({
          treatmentId: id(slot, 'TreatmentID')!,
          start: instant(slot, 'StartDateTime'),
          employeeId: id(slot, 'EmployeeID', true),
          customer: { firstName: text(customer.FirstName), lastName, email: text(customer.Email), mobilePhone: text(customer.MobilePhone) },
          notes: text(body.Notes),
          externalReference: text(body.ExternalReference),
        });
        if (key) idempotency.set(key, { body: fingerprint, appointmentId: created.id });
        if (answersToLose > 0) {
          // Made, and then the answer never comes: the caller times out and must retry with the same key.
          answersToLose -= 1;
          held.add(reply);
          return new Promise<never>(() => undefined);
        }
        return reply.code(201).send({ IsSuccess: true, Appointment: appointmentView(created) });
      });

      authorized.get('/v4.1/customer/appointment/:appointmentId', async (request) => {
        const appointmentId = id(request.params as Body, 'appointmentId')!;
        return { IsSuccess: true, Appointment: appointmentView(book.appointment(appointmentId)) };
      });

      const change = (path: string, action: (body: Body) => AppointmentAction) =>
        authorized.put(path, async (request) => {
          const body = bodyOf(request);
          return { IsSuccess: true, Appointment: appointmentView(book.apply(id(body, 'ID')!, action(body))) };
        });
      change('/v4.1/customer/appointment/cancel', (body) => (body.IsLateCancellation === true ? 'lateCancel' : 'cancel'));
      change('/v4.1/merchant/appointment/checkin', () => 'checkIn');
      change('/v4.1/merchant/appointment/noshow', () => 'noShow');

      authorized.post('/v4.1/merchant/appointments', async (request) => {
        const body = bodyOf(request);
        atLocation(body);
        const from = date(body, 'FromStartDate');
        const to = date(body, 'ToStartDate');
        if (to < from) throw invalid('ToStartDate', 'must not be before FromStartDate.');
        const { items, total } = page(book.onDays(from, to), body);
        return { IsSuccess: true, Appointments: items.map(appointmentView), TotalResultsCount: total };
      });
    });
  });

  return {
    app,
    book,
    start: (port, host) => listenOn(app, port, host),
    stop: () => app.close(),
  };
}
