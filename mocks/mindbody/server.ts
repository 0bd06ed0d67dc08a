import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerFaults } from '../shared/faults.js';
import { listenOn } from '../shared/listen.js';
import { isControlRequest, registerRequestLog } from '../shared/request-log.js';
import { MINDBODY_MOCK_API_KEY, MINDBODY_MOCK_PASSWORD, MINDBODY_MOCK_SITE_ID, MINDBODY_MOCK_USERNAME } from './credentials.js';
import { LOCATION, PROGRAM, SESSION_TYPES, SITE, STAFF, type MockSessionType, type MockStaff } from './site.js';
import { createMindbodyState, invalid, MindbodyError, sessionTypeOf, staffOf, type MindbodyState, type StoredAppointment, type StoredClient } from './state.js';
import { formatLocal, parseLocal, siteNow, startOfDay } from './wall-clock.js';

/**
 * Mock of the Mindbody Public API v6, the parts a hotel spa uses (services.md §3.2–3.5): staff
 * user tokens, session types, pricing options, staff, locations, bookable items, active session
 * times, add / update / read appointments, find and add clients. Held to Mindbody's own Swagger
 * file in its tests (spec-validator.ts). README.md lists every route, error and control.
 */
export interface MindbodyMock {
  app: FastifyInstance;
  state: MindbodyState;
  /** Listens (port 0 picks a free one) and returns the origin, e.g. `http://127.0.0.1:4113`; the API is under `/public/v6`. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

export interface MindbodyMockOptions {
  /** The mock's clock in ms (tokens expire by it, past times are not bookable); default Date.now. */
  now?: () => number;
  logger?: boolean;
}

export interface LoggedRequest {
  method: string;
  url: string;
  status: number | null;
}

const API = '/public/v6';
/** Mindbody staff tokens last seven days [INF]. */
const TOKEN_LIFETIME_MS = 7 * 86_400_000;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 200;

const denied = (message: string) => new MindbodyError(401, 'DeniedAccess', message);

/**
 * The query of a request as Mindbody reads it: `request.`-prefixed names in any case, arrays as
 * repeated parameters (or one comma-separated value).
 */
function readQuery(request: FastifyRequest) {
  const values = new Map<string, string[]>();
  for (const [name, value] of new URL(request.url, 'http://mock.invalid').searchParams) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('request.')) continue;
    const key = lower.slice('request.'.length);
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  const one = (name: string) => values.get(name.toLowerCase())?.[0];
  const integer = (name: string, text: string) => {
    if (!/^-?\d+$/.test(text.trim())) throw invalid(`request.${name} must be an integer: ${text}.`);
    return Number(text);
  };
  return {
    string: one,
    int: (name: string) => {
      const text = one(name);
      return text === undefined ? undefined : integer(name, text);
    },
    ints: (name: string) => {
      const texts = values.get(name.toLowerCase());
      return texts?.flatMap((text) => text.split(',')).map((text) => integer(name, text));
    },
    strings: (name: string) => values.get(name.toLowerCase())?.flatMap((text) => text.split(',')),
    bool: (name: string) => {
      const text = one(name)?.toLowerCase();
      if (text === undefined) return undefined;
      if (text !== 'true' && text !== 'false') throw invalid(`request.${name} must be true or false.`);
      return text === 'true';
    },
    date: (name: string) => {
      const text = one(name);
      if (text === undefined) return undefined;
      const minutes = parseLocal(text);
      if (minutes === null) throw invalid(`request.${name} must be a site-local date-time without offset: ${text}.`);
      return minutes;
    },
  };
}

/** `request.limit` / `request.offset` applied, with the PaginationResponse Mindbody sends beside every list. */
function page<T>(query: ReturnType<typeof readQuery>, items: T[]) {
  const limit = query.int('limit') ?? DEFAULT_LIMIT;
  const offset = query.int('offset') ?? 0;
  if (limit < 1 || limit > MAX_LIMIT) throw invalid(`request.limit must be between 1 and ${MAX_LIMIT}.`);
  if (offset < 0) throw invalid('request.offset must not be negative.');
  const slice = items.slice(offset, offset + limit);
  return { slice, pagination: { RequestedLimit: limit, RequestedOffset: offset, PageSize: slice.length, TotalResults: items.length } };
}

type Body = Record<string, unknown>;
const bodyOf = (request: FastifyRequest): Body => {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The request body must be a JSON object.');
  return body as Body;
};

function field<T>(body: Body, name: string, kind: 'string' | 'integer' | 'boolean', required: true): T;
function field<T>(body: Body, name: string, kind: 'string' | 'integer' | 'boolean', required?: false): T | undefined;
function field<T>(body: Body, name: string, kind: 'string' | 'integer' | 'boolean', required = false): T | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (required) throw invalid(`${name} is required.`);
    return undefined;
  }
  const fits = kind === 'integer' ? Number.isInteger(value) : typeof value === kind;
  if (!fits) throw invalid(`${name} must be ${kind === 'integer' ? 'an integer' : `a ${kind}`}.`);
  return value as T;
}

function localField(body: Body, name: string, required: true): number;
function localField(body: Body, name: string, required?: false): number | undefined;
function localField(body: Body, name: string, required = false): number | undefined {
  const text = field<string>(body, name, 'string', required as false);
  if (text === undefined) return undefined;
  const minutes = parseLocal(text);
  if (minutes === null) throw invalid(`${name} must be a site-local date-time without offset: ${text}.`);
  return minutes;
}

/** Leaves out absent values: the spec types no field as nullable. */
const present = <T extends Record<string, unknown>>(object: T) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null && value !== undefined));

const staffView = (staff: MockStaff) => ({
  Id: staff.Id,
  FirstName: staff.FirstName,
  LastName: staff.LastName,
  DisplayName: staff.DisplayName,
  Name: `${staff.FirstName} ${staff.LastName}`,
  IsMale: staff.IsMale,
  Bio: staff.Bio,
  AppointmentInstructor: true,
  ClassTeacher: false,
  AlwaysAllowDoubleBooking: false,
  IndependentContractor: false,
  SortOrder: STAFF.indexOf(staff) + 1,
});

const sessionTypeView = (item: MockSessionType) => ({
  Type: 'Appointment',
  DefaultTimeLength: item.DefaultTimeLength,
  StaffTimeLength: item.DefaultTimeLength,
  Id: item.Id,
  Name: item.Name,
  OnlineDescription: item.OnlineDescription,
  NumDeducted: 1,
  ProgramId: PROGRAM.Id,
  Category: item.Category,
  CategoryId: item.CategoryId,
  AvailableForAddOn: false,
});

const serviceView = (item: MockSessionType) => ({
  Price: item.price,
  OnlinePrice: item.price,
  TaxIncluded: 0,
  ProgramId: PROGRAM.Id,
  TaxRate: 0,
  ProductId: Number(item.serviceId),
  Id: item.serviceId,
  Name: `${item.Name} (single session)`,
  Count: 1,
  SellOnline: true,
  SaleInContractOnly: false,
  Type: 'Service',
  ExpirationType: 'DateOfActivation',
  ExpirationUnit: 'Days',
  ExpirationLength: 365,
  Program: PROGRAM.Name,
  Discontinued: false,
  SellAtLocationIds: [LOCATION.Id],
  UseAtLocationIds: [LOCATION.Id],
});

const clientView = (client: StoredClient) =>
  present({
    Id: client.Id,
    UniqueId: client.UniqueId,
    FirstName: client.FirstName,
    LastName: client.LastName,
    Email: client.Email,
    MobilePhone: client.MobilePhone,
    CreationDate: client.CreationDate,
    Active: true,
    IsProspect: false,
    IsCompany: false,
    Status: 'Non-Member',
    SendAccountEmails: false,
    SendScheduleEmails: false,
    SendPromotionalEmails: false,
  });

function appointmentView(appointment: StoredAppointment) {
  const staff = staffOf(appointment.StaffId)!;
  return present({
    GenderPreference: 'None',
    Duration: appointment.end - appointment.start,
    Id: appointment.Id,
    Status: appointment.Status,
    StartDateTime: formatLocal(appointment.start),
    EndDateTime: formatLocal(appointment.end),
    Notes: appointment.Notes,
    PartnerExternalId: appointment.PartnerExternalId,
    StaffRequested: appointment.StaffRequested,
    ProgramId: PROGRAM.Id,
    SessionTypeId: appointment.SessionTypeId,
    LocationId: appointment.LocationId,
    StaffId: staff.Id,
    Staff: { Id: staff.Id, FirstName: staff.FirstName, LastName: staff.LastName, DisplayName: staff.DisplayName },
    ClientId: appointment.ClientId,
    FirstAppointment: appointment.FirstAppointment,
    IsWaitlist: false,
    Resources: [],
    AddOns: [],
  });
}

const locationView = () => ({ ...LOCATION });

/** Routes whose data is private to the business: a staff user token is required. */
const STAFF_ONLY = ['/appointment/addappointment', '/appointment/updateappointment', '/appointment/staffappointments', '/client/clients', '/client/addclient'].map((path) => `${API}${path}`);

export function createMindbodyMock(options: MindbodyMockOptions = {}): MindbodyMock {
  const now = options.now ?? Date.now;
  let clockOffsetMs = 0;
  const clock = () => now() + clockOffsetMs;
  // Paths in any case, as Mindbody's. Every connection is closed on stop: after a lost or hanging
  // answer, the test client's other keep-alive connections otherwise kept close() waiting for ever.
  const app = Fastify({ logger: options.logger ?? false, routerOptions: { caseSensitive: false }, forceCloseConnections: true });
  const state = createMindbodyState();
  const tokens = new Map<string, number>();
  /** Operations (path below /public/v6, lower case) whose next answers are to be lost after the work is done. */
  const losing = new Map<string, number>();
  const lost = new Set<FastifyReply>();
  const siteMinutes = () => siteNow(SITE.timeZone, clock());

  const send = (reply: FastifyReply, error: MindbodyError) => reply.code(error.status).send({ Error: { Message: error.message, Code: error.code } });

  registerRequestLog<LoggedRequest>(app, (request) => ({ method: request.method, url: request.url, status: null }));
  registerFaults(app, {
    serverError: (reply) => send(reply, new MindbodyError(500, 'InternalError', 'An internal error occurred.')),
    rateLimited: (reply) => send(reply, new MindbodyError(429, 'TooManyRequests', 'The API call limit was reached; retry later.')),
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof MindbodyError) return send(reply, error);
    if ((error as { statusCode?: number }).statusCode === 400 || (error as { statusCode?: number }).statusCode === 415) {
      return send(reply, invalid('The request body is not valid JSON.'));
    }
    request.log.error(error);
    return send(reply, new MindbodyError(500, 'InternalError', 'An internal error occurred.'));
  });
  app.setNotFoundHandler((request, reply) => send(reply, new MindbodyError(404, 'NotFound', `No HTTP resource was found that matches ${request.method} ${request.url.split('?')[0]}.`)));

  // Carried out, then never answered: what a timeout after the vendor did the work looks like.
  app.addHook('onSend', async (request, reply, payload) => {
    const operation = request.url.split('?')[0]!.toLowerCase().replace(API, '');
    const remaining = losing.get(operation) ?? 0;
    if (isControlRequest(request) || remaining === 0 || reply.statusCode >= 300) return payload;
    losing.set(operation, remaining - 1);
    lost.add(reply);
    return new Promise<never>(() => undefined);
  });
  app.addHook('preClose', async () => {
    for (const reply of lost) reply.raw.destroy();
    lost.clear();
  });

  app.post('/__control/lose-answers', async (request, reply) => {
    const body = (request.body ?? {}) as { operation?: unknown; count?: unknown };
    if (typeof body.operation !== 'string' || !body.operation.startsWith('/')) return reply.code(400).send({ error: 'operation must be a path below /public/v6, e.g. /appointment/addappointment' });
    const count = typeof body.count === 'number' && body.count > 0 ? body.count : 1;
    losing.set(body.operation.toLowerCase(), count);
    return { losing: Object.fromEntries(losing) };
  });
  app.post('/__control/clock', async (request) => {
    const { advanceMinutes } = (request.body ?? {}) as { advanceMinutes?: number };
    clockOffsetMs += (advanceMinutes ?? 0) * 60_000;
    return { now: new Date(clock()).toISOString(), siteLocal: formatLocal(siteMinutes()) };
  });

  app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        if (request.headers['api-key'] !== MINDBODY_MOCK_API_KEY) throw denied('The Api-Key header is missing or not a valid API key.');
        const siteId = request.headers.siteid;
        if (siteId !== MINDBODY_MOCK_SITE_ID) throw denied(`The API key is not activated for site ${typeof siteId === 'string' ? siteId : '(none)'}.`);
        if (!STAFF_ONLY.includes(request.url.split('?')[0]!.toLowerCase())) return;
        const token = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        const expires = tokens.get(token);
        if (expires === undefined || expires <= clock()) throw denied('A valid staff user token is required in the Authorization header.');
      });

      api.post('/usertoken/issue', async (request) => {
        const body = bodyOf(request);
        if (field(body, 'Username', 'string') !== MINDBODY_MOCK_USERNAME || field(body, 'Password', 'string') !== MINDBODY_MOCK_PASSWORD) {
          throw denied('Invalid username or password.');
        }
        const token = randomUUID().replaceAll('-', '');
        const expires = clock() + TOKEN_LIFETIME_MS;
        tokens.set(token, expires);
        return { TokenType: 'Bearer', AccessToken: token, Expires: new Date(expires).toISOString().replace(/\.\d{3}Z$/, 'Z'), User: { Id: 100000001, FirstName: 'Spa', LastName: 'Desk', Type: 'Staff' } };
      });

      api.get('/site/locations', async (request) => {
        const { slice, pagination } = page(readQuery(request), [locationView()]);
        return { PaginationResponse: pagination, Locations: slice };
      });

      api.get('/site/sessiontypes', async (request) => {
        const query = readQuery(request);
        const programs = query.ints('programIDs');
        query.bool('onlineOnly');
        const items = programs && !programs.includes(PROGRAM.Id) ? [] : SESSION_TYPES;
        const { slice, pagination } = page(query, items.map(sessionTypeView));
        return { PaginationResponse: pagination, SessionTypes: slice };
      });

      api.get('/sale/services', async (request) => {
        const query = readQuery(request);
        const sessionTypeIds = query.ints('sessionTypeIds');
        const serviceIds = query.strings('serviceIds');
        const programIds = query.ints('programIds');
        const locationId = query.int('locationId');
        const sellOnline = query.bool('sellOnline');
        const items = SESSION_TYPES.filter(
          (item) =>
            (!sessionTypeIds || sessionTypeIds.includes(item.Id)) &&
            (!serviceIds || serviceIds.includes(item.serviceId)) &&
            (!programIds || programIds.includes(PROGRAM.Id)) &&
            (locationId === undefined || locationId === LOCATION.Id) &&
            sellOnline !== false,
        );
        const { slice, pagination } = page(query, items.map(serviceView));
        return { PaginationResponse: pagination, Services: slice };
      });

      api.get('/staff/staff', async (request) => {
        const query = readQuery(request);
        const staffIds = query.ints('staffIds');
        const sessionTypeId = query.int('sessionTypeId');
        const locationId = query.int('locationId');
        const items = STAFF.filter(
          (staff) =>
            (!staffIds || staffIds.includes(staff.Id)) &&
            (sessionTypeId === undefined || staff.sessionTypeIds.includes(sessionTypeId)) &&
            (locationId === undefined || locationId === LOCATION.Id),
        );
        const { slice, pagination } = page(query, items.map(staffView));
        return { PaginationResponse: pagination, StaffMembers: slice };
      });

      api.get('/appointment/bookableitems', async (request) => {
        const query = readQuery(request);
        const sessionTypeIds = query.ints('sessionTypeIds');
        if (!sessionTypeIds?.length) throw invalid('request.sessionTypeIds is required.');
        const unknown = sessionTypeIds.find((id) => !sessionTypeOf(id));
        if (unknown !== undefined) throw invalid(`Session type ${unknown} does not exist.`);
        const from = query.date('startDate') ?? startOfDay(siteMinutes());
        const to = query.date('endDate') ?? startOfDay(from) + 1439;
        const locationIds = query.ints('locationIds');
        const windows = locationIds && !locationIds.includes(LOCATION.Id) ? [] : state.windows(sessionTypeIds, from, to, siteMinutes(), query.ints('staffIds'));
        const { slice, pagination } = page(
          query,
          windows.map((window, index) => ({
            Id: index + 1,
            Staff: staffView(window.staff),
            SessionType: sessionTypeView(window.sessionType),
            Programs: [PROGRAM],
            StartDateTime: formatLocal(window.start),
            EndDateTime: formatLocal(window.end),
            BookableEndDateTime: formatLocal(window.end - window.sessionType.DefaultTimeLength),
            Location: locationView(),
            PrepTime: 0,
            FinishTime: 0,
            IsMasked: false,
            ShowPublic: true,
            ResourceAvailabilities: [],
          })),
        );
        return { PaginationResponse: pagination, Availabilities: slice };
      });

      api.get('/appointment/activesessiontimes', async (request) => {
        const query = readQuery(request);
        const sessionTypeIds = query.ints('sessionTypeIds');
        const scheduleType = query.string('scheduleType');
        if (!sessionTypeIds?.length && !scheduleType) throw invalid('Either request.sessionTypeIds or request.scheduleType must be provided.');
        // Only the time of day counts ("any date provided is ignored").
        const timeOf = (minutes: number | undefined) => (minutes === undefined ? undefined : formatLocal(minutes).slice(11));
        const from = timeOf(query.date('startTime')) ?? '00:00:00';
        const to = timeOf(query.date('endTime')) ?? '23:59:59';
        const times = scheduleType && !['All', 'Appointment'].includes(scheduleType) ? [] : state.activeSessionTimes().filter((time) => time >= from && time <= to);
        const { slice, pagination } = page(query, times);
        return { PaginationResponse: pagination, ActiveSessionTimes: slice };
      });

      api.get('/appointment/staffappointments', async (request) => {
        const query = readQuery(request);
        const appointmentIds = query.ints('appointmentIds');
        // Asked by id, an appointment is found on any day; otherwise the day defaults to today.
        const from = query.date('startDate') ?? (appointmentIds ? undefined : startOfDay(siteMinutes()));
        const to = query.date('endDate') ?? (from === undefined ? undefined : startOfDay(from) + 1439);
        const items = state.listAppointments({ appointmentIds, clientId: query.string('clientId'), staffIds: query.ints('staffIds'), locationIds: query.ints('locationIds'), from, to });
        const { slice, pagination } = page(query, items.map(appointmentView));
        return { PaginationResponse: pagination, Appointments: slice };
      });

      api.post('/appointment/addappointment', async (request) => {
        const body = bodyOf(request);
        const start = localField(body, 'StartDateTime', true);
        const duration = field<number>(body, 'Duration', 'integer');
        const end = localField(body, 'EndDateTime') ?? (duration === undefined ? null : start + duration);
        const appointment = state.addAppointment(
          {
            ClientId: field<string>(body, 'ClientId', 'string', true),
            LocationId: field<number>(body, 'LocationId', 'integer', true),
            SessionTypeId: field<number>(body, 'SessionTypeId', 'integer', true),
            StaffId: field<number>(body, 'StaffId', 'integer', true),
            start,
            end,
            Notes: field<string>(body, 'Notes', 'string') ?? null,
            StaffRequested: field<boolean>(body, 'StaffRequested', 'boolean') ?? false,
            PartnerExternalId: field<string>(body, 'PartnerExternalId', 'string') ?? null,
          },
          field<boolean>(body, 'Test', 'boolean') ?? false,
        );
        return { Appointment: appointmentView(appointment) };
      });

      api.post('/appointment/updateappointment', async (request) => {
        const body = bodyOf(request);
        const appointment = state.updateAppointment(
          field<number>(body, 'AppointmentId', 'integer', true),
          {
            execute: field<string>(body, 'Execute', 'string'),
            start: localField(body, 'StartDateTime'),
            end: localField(body, 'EndDateTime'),
            StaffId: field<number>(body, 'StaffId', 'integer'),
            SessionTypeId: field<number>(body, 'SessionTypeId', 'integer'),
            Notes: field<string>(body, 'Notes', 'string'),
            PartnerExternalId: field<string>(body, 'PartnerExternalId', 'string'),
          },
          field<boolean>(body, 'Test', 'boolean') ?? false,
        );
        return { Appointment: appointmentView(appointment) };
      });

      api.get('/client/clients', async (request) => {
        const query = readQuery(request);
        const { slice, pagination } = page(query, state.searchClients(query.string('searchText'), query.strings('clientIDs')).map(clientView));
        return { PaginationResponse: pagination, Clients: slice };
      });

      api.post('/client/addclient', async (request) => {
        const body = bodyOf(request);
        const text = (name: string) => field<string>(body, name, 'string')?.trim() || null;
        const firstName = text('FirstName');
        const lastName = text('LastName');
        if (!firstName || !lastName) throw invalid('FirstName and LastName are required.');
        const client = state.addClient(
          { FirstName: firstName, LastName: lastName, Email: text('Email'), MobilePhone: text('MobilePhone'), CreationDate: formatLocal(siteMinutes()) },
          field<boolean>(body, 'Test', 'boolean') ?? false,
        );
        return { Client: clientView(client) };
      });
    },
    { prefix: API },
  );

  return {
    app,
    state,
    start: (port, host) => listenOn(app, port, host),
    stop: () => app.close(),
  };
}
