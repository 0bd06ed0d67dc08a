import { DateTime } from 'luxon';
import { AppError } from '../../../lib/errors.js';
import { currencyExponent, decimalToMinor } from '../../../lib/money.js';
import type { HttpRequest, HttpResponse } from '../../http.js';
import type { ProviderDeps } from '../../provider.js';
import { slotTaken, type BookInput, type Slot, type SpaBooking, type SpaBookingStatus, type SpaCapabilities, type SpaGuest, type SpaPort, type Therapist, type Treatment } from '../spa.port.js';
import type { MindbodyConfig } from './mindbody.provider.js';
import type {
  MindbodyAppointment,
  MindbodyAppointmentStatus,
  MindbodyAvailability,
  MindbodyClient,
  MindbodyError,
  MindbodyExecute,
  MindbodyPagination,
  MindbodyService,
  MindbodySessionType,
  MindbodyStaff,
  MindbodyToken,
} from './mindbody.wire.js';

/** Bookable items name the therapist; Mindbody keeps one language per site. */
export const MINDBODY_CAPABILITIES: SpaCapabilities = { therapists: true, localizedCatalog: false };

const STATUS: Record<MindbodyAppointmentStatus, SpaBookingStatus> = {
  None: 'booked',
  Requested: 'booked',
  Booked: 'booked',
  Confirmed: 'booked',
  Arrived: 'arrived',
  Completed: 'completed',
  NoShow: 'no_show',
  Cancelled: 'cancelled',
  LateCancelled: 'late_cancelled',
};

/** Mindbody's largest page (`request.limit`). */
const PAGE_SIZE = 200;
/** Session types change rarely; each booking and schedule needs their names. */
const SESSION_TYPES_TTL_MS = 5 * 60_000;
/** A token is renewed this long before the expiry Mindbody gave it. */
const TOKEN_MARGIN_MS = 10 * 60_000;
const SITE_LOCAL = "yyyy-MM-dd'T'HH:mm:ss";

const staffName = (staff: MindbodyStaff | undefined) => staff?.DisplayName || [staff?.FirstName, staff?.LastName].filter(Boolean).join(' ') || `Therapist ${staff?.Id ?? ''}`.trim();
const clientName = (client: MindbodyClient | undefined) => [client?.FirstName, client?.LastName].filter(Boolean).join(' ');
const plainText = (html: string | undefined) => html?.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() || null;

/** Mindbody ids are integers; anything else cannot name one of its records. */
function numericId(id: string, what: string): number {
  if (!/^\d+$/.test(id)) throw new AppError('not_found', `Mindbody has no ${what} ${id}.`);
  return Number(id);
}

/** A 4xx of Mindbody's (`{ Error: { Message, Code } }`) as our error; the code goes along for staff and logs. */
function refusal(response: HttpResponse<MindbodyError>): AppError {
  const code = response.body?.Error?.Code ?? `HTTP_${response.status}`;
  const message = response.body?.Error?.Message ?? `HTTP ${response.status}`;
  const details = { provider: 'mindbody', status: response.status, code };
  if (response.status === 404) return new AppError('not_found', `Mindbody: ${message}`, { details });
  return new AppError('upstream_rejected', `Mindbody refused: ${message}`, { details });
}

const isRefusal = (error: unknown) => error instanceof AppError && error.code === 'upstream_rejected';

/**
 * Mindbody Public API v6 over the shared HTTP client: `Api-Key` and `SiteId` on every call and a
 * staff user token (issued from the configured login, renewed before it expires) in
 * `Authorization`; `request.`-prefixed query parameters; times as the site's wall clock, converted
 * here from and to the property's zone. AddAppointment is not idempotent, so a booking first looks
 * for the client's appointment of that day carrying our reference as `PartnerExternalId`.
 */
export function createMindbodySpa(config: MindbodyConfig, deps: ProviderDeps): SpaPort {
  // 401 comes back to us: a token Mindbody stopped honouring is renewed once before giving up.
  const http = deps.http({ baseUrl: config.apiBaseUrl, provider: 'mindbody', timeoutMs: config.timeoutMs, passThroughStatuses: [401] });
  const zone = deps.property.timeZone;
  const locationId = Number(config.locationId);
  const siteHeaders = { 'api-key': config.apiKey, siteid: config.siteId };
  const now = () => deps.clock.now().getTime();
  const misconfigured = () => new AppError('integration_misconfigured', 'Mindbody refused the API key, the site id or the staff login.', { details: { provider: 'mindbody' } });

  let token: Promise<{ value: string; renewAt: number }> | undefined;
  async function issueToken() {
    const response = await http.request<MindbodyToken & MindbodyError>({
      method: 'POST',
      path: '/usertoken/issue',
      headers: siteHeaders,
      json: { Username: config.username, Password: config.password },
      // Issuing twice only makes a second token.
      idempotent: true,
    });
    if (response.status === 401) throw misconfigured();
    if (response.status >= 300 || !response.body?.AccessToken) throw refusal(response);
    const expires = Date.parse(response.body.Expires ?? '');
    return { value: response.body.AccessToken, renewAt: (Number.isNaN(expires) ? now() + 3_600_000 : expires) - TOKEN_MARGIN_MS };
  }
  async function staffToken(renew: boolean): Promise<string> {
    const current = token && !renew ? await token.catch(() => undefined) : undefined;
    if (current && current.renewAt > now()) return current.value;
    token = issueToken();
    return (await token).value;
  }

  async function call<T>(request: HttpRequest): Promise<T> {
    const send = async (renew: boolean) => http.request<T & MindbodyError>({ ...request, headers: { ...siteHeaders, authorization: await staffToken(renew) } });
    let response = await send(false);
    if (response.status === 401) response = await send(true);
    if (response.status === 401) throw misconfigured();
    if (response.status >= 300) throw refusal(response);
    return response.body;
  }

  /** Every item of a paged list (`request.limit` / `request.offset`, PaginationResponse). */
  async function all<T>(path: string, key: string, query: HttpRequest['query'] = {}): Promise<T[]> {
    const items: T[] = [];
    for (;;) {
      const page = await call<{ PaginationResponse?: MindbodyPagination } & Record<string, unknown>>({
        method: 'GET',
        path,
        query: { ...query, 'request.limit': PAGE_SIZE, 'request.offset': items.length },
      });
      const batch = (page[key] as T[] | undefined) ?? [];
      items.push(...batch);
      if (batch.length === 0 || items.length >= (page.PaginationResponse?.TotalResults ?? 0)) return items;
    }
  }

  const toSite = (instant: DateTime) => instant.setZone(zone).toFormat(SITE_LOCAL);
  const fromSite = (local: string) => DateTime.fromISO(local, { zone }).setZone(zone);
  const iso = (instant: DateTime) => instant.setZone(zone).toISO({ suppressMilliseconds: true })!;
  const dayRange = (date: string) => ({ 'request.startDate': `${date}T00:00:00`, 'request.endDate': `${date}T23:59:59` });

  let sessionTypesCache: { until: number; types: Promise<MindbodySessionType[]> } | undefined;
  function sessionTypes(): Promise<MindbodySessionType[]> {
    if (!sessionTypesCache || sessionTypesCache.until <= now()) {
      const types = all<MindbodySessionType>('/site/sessiontypes', 'SessionTypes', { 'request.onlineOnly': 'true' });
      sessionTypesCache = { until: now() + SESSION_TYPES_TTL_MS, types };
      types.catch(() => (sessionTypesCache = undefined));
    }
    return sessionTypesCache.types;
  }
  const bookable = (type: MindbodySessionType) => (type.Type ?? 'Appointment') === 'Appointment' && (type.DefaultTimeLength ?? 0) > 0;
  async function sessionType(treatmentId: string) {
    const id = numericId(treatmentId, 'treatment');
    const found = (await sessionTypes()).find((type) => type.Id === id && bookable(type));
    if (!found) throw new AppError('not_found', `Mindbody has no bookable treatment ${treatmentId}.`);
    return found;
  }

  function parseDate(date: string) {
    const day = DateTime.fromISO(date, { zone });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !day.isValid) throw new AppError('bad_request', 'date must be a day, YYYY-MM-DD.', { details: [{ field: 'date', message: 'YYYY-MM-DD' }] });
    return day;
  }

  /** The day's bookable windows of a session type, one therapist's or everyone's. */
  const windowsOn = (type: MindbodySessionType, date: string, staffId?: number) =>
    all<MindbodyAvailability>('/appointment/bookableitems', 'Availabilities', {
      'request.sessionTypeIds': type.Id,
      'request.locationIds': locationId,
      'request.staffIds': staffId,
      ...dayRange(date),
    });
  const lastStart = (window: MindbodyAvailability, type: MindbodySessionType) =>
    window.BookableEndDateTime ? fromSite(window.BookableEndDateTime) : fromSite(window.EndDateTime).minus({ minutes: type.DefaultTimeLength! });
  const opensAt = (window: MindbodyAvailability, type: MindbodySessionType, start: DateTime) => fromSite(window.StartDateTime) <= start && start <= lastStart(window, type);

  async function guestNames(clientIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(clientIds)];
    if (unique.length === 0) return new Map();
    const clients = await all<MindbodyClient>('/client/clients', 'Clients', { 'request.clientIDs': unique });
    return new Map(clients.map((client) => [client.Id, clientName(client)]));
  }

  async function toBookings(appointments: MindbodyAppointment[]): Promise<SpaBooking[]> {
    const [types, names] = await Promise.all([sessionTypes(), guestNames(appointments.map((a) => a.ClientId))]);
    return appointments.map((appointment) => ({
      bookingId: String(appointment.Id),
      reference: appointment.PartnerExternalId ?? '',
      treatmentId: String(appointment.SessionTypeId),
      treatmentName: types.find((type) => type.Id === appointment.SessionTypeId)?.Name ?? `Treatment ${appointment.SessionTypeId}`,
      startsAt: iso(fromSite(appointment.StartDateTime)),
      endsAt: iso(fromSite(appointment.EndDateTime)),
      therapist: { id: String(appointment.StaffId), name: staffName(appointment.Staff ?? { Id: appointment.StaffId }) },
      status: STATUS[appointment.Status] ?? 'booked',
      guestName: names.get(appointment.ClientId) ?? '',
    }));
  }
  const toBooking = async (appointment: MindbodyAppointment) => (await toBookings([appointment]))[0]!;

  async function booking(bookingId: string): Promise<SpaBooking> {
    const id = numericId(bookingId, 'booking');
    const [found] = await all<MindbodyAppointment>('/appointment/staffappointments', 'Appointments', { 'request.appointmentIds': id });
    if (!found) throw new AppError('not_found', `Mindbody has no booking ${bookingId}.`);
    return toBooking(found);
  }

  /**
   * The guest's client record, found by email (or, without one, by mobile number and last name),
   * else made. A guest with neither cannot be told apart from a namesake, so is refused.
   */
  async function clientFor(guest: SpaGuest): Promise<MindbodyClient> {
    const search = guest.email ?? guest.phone;
    if (!search) {
      const message = 'Mindbody needs the guest’s email address or mobile number to find or create the client.';
      throw new AppError('upstream_rejected', message, { details: [{ field: 'email', message }] });
    }
    const same = (a: string | undefined, b: string | null) => !!a && !!b && a.toLowerCase() === b.toLowerCase();
    const found = (await all<MindbodyClient>('/client/clients', 'Clients', { 'request.searchText': search })).find((client) =>
      guest.email ? same(client.Email, guest.email) : same(client.MobilePhone, guest.phone) && same(client.LastName, guest.lastName),
    );
    if (found) return found;
    const { Client } = await call<{ Client: MindbodyClient }>({
      method: 'POST',
      path: '/client/addclient',
      json: {
        // Mindbody requires a first name; a guest known by last name only is "Guest Müller" at the spa desk.
        FirstName: guest.firstName || 'Guest',
        LastName: guest.lastName,
        ...(guest.email ? { Email: guest.email } : {}),
        ...(guest.phone ? { MobilePhone: guest.phone } : {}),
        SendAccountEmails: false,
        SendScheduleEmails: false,
        SendPromotionalEmails: false,
      },
    });
    return Client;
  }

  /** An Execute verb; sent again after a lost answer, Mindbody refuses it, and the booking already in the wanted state is the answer. */
  async function execute(bookingId: string, verb: MindbodyExecute, wanted: SpaBookingStatus): Promise<SpaBooking> {
    const id = numericId(bookingId, 'booking');
    try {
      const { Appointment } = await call<{ Appointment: MindbodyAppointment }>({
        method: 'POST',
        path: '/appointment/updateappointment',
        json: { AppointmentId: id, Execute: verb, SendEmail: false },
        idempotent: true,
      });
      return await toBooking(Appointment);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const current = await booking(bookingId);
      if (current.status === wanted) return current;
      throw error;
    }
  }

  return {
    capabilities: MINDBODY_CAPABILITIES,

    async healthCheck() {
      await staffToken(true);
      const locations = await all<{ Id: number }>('/site/locations', 'Locations');
      if (!locations.some((location) => location.Id === locationId)) {
        throw new AppError('integration_misconfigured', `The Mindbody site has no location ${locationId}.`, { details: { provider: 'mindbody', field: 'locationId' } });
      }
    },

    async catalog(): Promise<Treatment[]> {
      const { currency } = deps.property;
      const treatments = await Promise.all(
        (await sessionTypes()).filter(bookable).map(async (type) => {
          // Prices live on pricing options ("services"), which the spec links to session types only through this filter.
          const services = await all<MindbodyService>('/sale/services', 'Services', { 'request.sessionTypeIds': type.Id, 'request.locationId': locationId, 'request.sellOnline': 'true' });
          const single = services.find((service) => service.Count === 1) ?? services[0];
          const price = single?.OnlinePrice ?? single?.Price;
          if (!price || price <= 0) return null;
          return {
            id: String(type.Id),
            name: type.Name,
            description: plainText(type.OnlineDescription),
            category: type.Category || 'Spa',
            durationMinutes: type.DefaultTimeLength!,
            price: { amount: decimalToMinor(price, currencyExponent(currency)), currency },
          };
        }),
      );
      return treatments.filter((treatment) => treatment !== null);
    },

    async availability(treatmentId, date) {
      const type = await sessionType(treatmentId);
      const day = parseDate(date);
      const [windows, times] = await Promise.all([
        windowsOn(type, date),
        all<string>('/appointment/activesessiontimes', 'ActiveSessionTimes', { 'request.sessionTypeIds': type.Id }),
      ]);
      // Bookable starts are the site's session times (its booking increments) inside a window.
      const starts = [...new Set(times)].map((time) => DateTime.fromISO(`${day.toISODate()}T${time}`, { zone })).filter((start) => start.isValid);
      const after = DateTime.fromJSDate(deps.clock.now());
      const slots: Slot[] = [];
      for (const window of windows) {
        const duration = window.SessionType?.DefaultTimeLength ?? type.DefaultTimeLength!;
        const therapist: Therapist = { id: String(window.Staff?.Id), name: staffName(window.Staff) };
        for (const start of starts) {
          if (start > after && opensAt(window, type, start)) slots.push({ startsAt: iso(start), endsAt: iso(start.plus({ minutes: duration })), therapist });
        }
      }
      return slots.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.therapist!.name.localeCompare(b.therapist!.name));
    },

    async book(input: BookInput) {
      const type = await sessionType(input.treatmentId);
      const start = DateTime.fromISO(input.startsAt, { setZone: true });
      if (!start.isValid) throw new AppError('bad_request', 'startsAt must be an ISO date-time.', { details: [{ field: 'startsAt', message: 'ISO date-time' }] });
      const local = toSite(start);
      const date = local.slice(0, 10);
      const client = await clientFor(input.guest);
      const made = (
        await all<MindbodyAppointment>('/appointment/staffappointments', 'Appointments', { 'request.clientId': client.Id, 'request.locationIds': locationId, ...dayRange(date) })
      ).find((appointment) => appointment.PartnerExternalId === input.reference);
      if (made) return toBooking(made);

      const staffId = input.therapistId === null ? undefined : numericId(input.therapistId, 'therapist');
      const open = async () => (await windowsOn(type, date, staffId)).filter((window) => opensAt(window, type, start));
      const therapist = staffId ?? (await open())[0]?.Staff?.Id;
      if (therapist === undefined) throw slotTaken('mindbody');
      try {
        const { Appointment } = await call<{ Appointment: MindbodyAppointment }>({
          method: 'POST',
          path: '/appointment/addappointment',
          json: {
            ClientId: client.Id,
            LocationId: locationId,
            SessionTypeId: type.Id,
            StaffId: therapist,
            StartDateTime: local,
            StaffRequested: staffId !== undefined,
            SendEmail: false,
            ApplyPayment: false,
            PartnerExternalId: input.reference,
            ...(input.notes ? { Notes: input.notes } : {}),
          },
        });
        return await toBooking(Appointment);
      } catch (error) {
        // Mindbody says only InvalidParameter for a taken slot; whether the slot is still open tells a race from a bad request.
        if (isRefusal(error) && (await open()).every((window) => window.Staff?.Id !== therapist)) throw slotTaken('mindbody');
        throw error;
      }
    },

    cancel: (bookingId, late) => (late ? execute(bookingId, 'latecancel', 'late_cancelled') : execute(bookingId, 'cancel', 'cancelled')),
    markArrived: (bookingId) => execute(bookingId, 'arrive', 'arrived'),
    markNoShow: (bookingId) => execute(bookingId, 'noshow', 'no_show'),
    booking,

    async daySchedule(date) {
      parseDate(date);
      const appointments = await all<MindbodyAppointment>('/appointment/staffappointments', 'Appointments', { 'request.locationIds': locationId, ...dayRange(date) });
      return (await toBookings(appointments)).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    },
  };
}
