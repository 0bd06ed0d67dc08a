import { DateTime } from 'luxon';
import { AppError } from '../../../lib/errors.js';
import { currencyExponent, decimalToMinor } from '../../../lib/money.js';
import { clientCredentialsToken } from '../../client-credentials.js';
import type { HttpRequest } from '../../http.js';
import type { ProviderDeps } from '../../provider.js';
import { slotTaken, type SpaBooking, type SpaBookingStatus, type SpaCapabilities, type SpaPort, type Therapist, type Treatment } from '../spa.port.js';
import type { SpaBookerConfig } from './spabooker.provider.js';
import type {
  SpaBookerAppointment,
  SpaBookerAvailableTime,
  SpaBookerCreateAppointment,
  SpaBookerErrorBody,
  SpaBookerLocation,
  SpaBookerTreatment,
} from './spabooker.wire.js';

/** Slots name the therapist; treatments come in the languages the spa wrote them in. */
export const SPABOOKER_CAPABILITIES: SpaCapabilities = { therapists: true, localizedCatalog: true };

const PROVIDER = 'spabooker';
// The largest page SpaBooker serves; a day of one spa fits in one.
const PAGE_SIZE = 100;

const STATUS: Record<string, SpaBookingStatus> = {
  Booked: 'booked',
  CheckedIn: 'arrived',
  Completed: 'completed',
  NoShow: 'no_show',
  Cancelled: 'cancelled',
  LateCancelled: 'late_cancelled',
};

const errorBody = (body: unknown): Partial<SpaBookerErrorBody> => (typeof body === 'object' && body !== null ? (body as Partial<SpaBookerErrorBody>) : {});

/** A SpaBooker refusal as our error; its code goes along in the details for staff and logs. */
function refusal(status: number, body: unknown): AppError {
  const { ErrorCode: code = `HTTP_${status}`, ErrorMessage: message = `HTTP ${status}`, ArgumentErrors: fields } = errorBody(body);
  if (status === 409 && code === 'SlotUnavailable') return slotTaken(PROVIDER);
  const details = { provider: PROVIDER, status, code, ...(fields?.length ? { fields: fields.map((field) => field.ArgumentName) } : {}) };
  if (status === 401) return new AppError('integration_misconfigured', 'SpaBooker refused our credentials.', { details });
  if (status === 404) return new AppError('not_found', `SpaBooker: ${message}`, { details });
  if (status === 409) return new AppError('conflict', `SpaBooker: ${message}`, { details });
  return new AppError('upstream_rejected', `SpaBooker refused: ${message}`, { details });
}

/** SpaBooker's ids are integers: anything else names nothing there. */
function vendorId(value: string, what: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new AppError('not_found', `SpaBooker has no ${what} ${value}.`, { details: { provider: PROVIDER } });
  return Number(value);
}

const therapist = (id: number | null, firstName: string | null, lastName: string | null): Therapist | null =>
  id === null ? null : { id: String(id), name: [firstName, lastName].filter(Boolean).join(' ') };

function toTreatment(item: SpaBookerTreatment): Treatment {
  return {
    id: String(item.ID),
    name: item.Name,
    description: item.Description || null,
    category: item.Category?.Name ?? 'Spa',
    durationMinutes: item.TreatmentDuration,
    price: { amount: decimalToMinor(item.Price.Amount, currencyExponent(item.Price.CurrencyCode)), currency: item.Price.CurrencyCode },
  };
}

/**
 * SpaBooker adapter over the shared HTTP client: the subscription key on every call, an OAuth2
 * client-credentials token (renewed before it ends, and once more when SpaBooker says it is no
 * longer valid), and our booking reference as the `Idempotency-Key` of a create, so a create retried
 * after a lost answer (here or by the caller) answers the same appointment. Times go out and come
 * back with offsets, and are handed on in the property's zone.
 */
export function createSpaBookerSpa(config: SpaBookerConfig, deps: ProviderDeps): SpaPort {
  // 401 comes back to us: an expired token is renewed, refused credentials are a misconfiguration.
  const http = deps.http({ baseUrl: config.apiBaseUrl, provider: PROVIDER, timeoutMs: config.timeoutMs, passThroughStatuses: [401] });
  const locationId = Number(config.locationId);
  const zone = deps.property.timeZone;
  const gatewayKey = { 'ocp-apim-subscription-key': config.subscriptionKey };
  const local = (iso: string) => DateTime.fromISO(iso, { setZone: true }).setZone(zone).toISO({ suppressMilliseconds: true })!;

  const token = clientCredentialsToken(http, deps.clock, {
    label: 'SpaBooker',
    provider: PROVIDER,
    path: '/v5/auth/connect/token',
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    headers: gatewayKey,
  });

  async function call<T>(request: HttpRequest, renewed = false): Promise<T> {
    const headers = { ...request.headers, ...gatewayKey, authorization: `Bearer ${await token.get()}` };
    const response = await http.request<T>({ ...request, headers });
    if (response.status === 401 && !renewed && errorBody(response.body).ErrorCode === 'InvalidAccessToken') {
      token.forget();
      return call<T>(request, true);
    }
    if (response.status >= 300) throw refusal(response.status, response.body);
    return response.body;
  }

  /** Every page of a paged list, read until a short page. */
  async function everyPage<T>(path: string, field: string, json: Record<string, unknown>): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page += 1) {
      const body = await call<Record<string, unknown>>({ method: 'POST', path, json: { ...json, LocationID: locationId, PageNumber: page, PageSize: PAGE_SIZE, UsePaging: true }, idempotent: true });
      const batch = (body[field] ?? []) as T[];
      items.push(...batch);
      if (batch.length < PAGE_SIZE) return items;
    }
  }

  const toBooking = (item: SpaBookerAppointment): SpaBooking => ({
    bookingId: String(item.ID),
    reference: item.ExternalReference ?? '',
    treatmentId: String(item.TreatmentID),
    treatmentName: item.TreatmentName,
    startsAt: local(item.StartDateTime),
    endsAt: local(item.EndDateTime),
    therapist: therapist(item.EmployeeID, item.EmployeeFirstName, item.EmployeeLastName),
    status: STATUS[item.Status.Name] ?? 'booked',
    guestName: [item.Customer.FirstName, item.Customer.LastName].filter(Boolean).join(' '),
  });

  const appointment = async (request: HttpRequest) => toBooking((await call<{ Appointment: SpaBookerAppointment }>(request)).Appointment);
  const change = async (path: string, bookingId: string, json: Record<string, unknown> = {}) =>
    appointment({ method: 'PUT', path, json: { ID: vendorId(bookingId, 'appointment'), ...json }, idempotent: true });

  const day = (date: string) => {
    const start = /^\d{4}-\d{2}-\d{2}$/.test(date) ? DateTime.fromISO(date, { zone }) : DateTime.invalid('not a date');
    if (!start.isValid) throw new AppError('bad_request', 'The date must be YYYY-MM-DD.', { details: [{ field: 'date', message: 'Use YYYY-MM-DD.' }] });
    return start;
  };

  return {
    capabilities: SPABOOKER_CAPABILITIES,

    async healthCheck() {
      const { Location } = await call<{ Location: SpaBookerLocation }>({ method: 'GET', path: `/v4.1/customer/location/${locationId}` }).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') {
          throw new AppError('integration_misconfigured', `SpaBooker knows no location ${locationId} for these credentials.`, { details: { provider: PROVIDER } });
        }
        throw error;
      });
      // Days and times cross the port in the property's zone; a spa elsewhere would shift them all.
      if (Location.TimeZone.IANAName !== zone) {
        throw new AppError('integration_misconfigured', `SpaBooker location ${locationId} keeps ${Location.TimeZone.IANAName} time, the property ${zone}.`, {
          details: { provider: PROVIDER },
        });
      }
    },

    async catalog(language) {
      const items = await everyPage<SpaBookerTreatment>('/v4.1/customer/treatments', 'Treatments', { LanguageCode: language });
      return items.filter((item) => item.AllowCustomersToBookOnline && item.IsActive).map(toTreatment);
    },

    async availability(treatmentId, date) {
      const start = day(date);
      const { AvailableTimes } = await call<{ AvailableTimes: SpaBookerAvailableTime[] }>({
        method: 'POST',
        path: '/v4.1/customer/availability/treatment',
        json: { LocationID: locationId, TreatmentID: vendorId(treatmentId, 'treatment'), StartDateTime: start.toISO(), EndDateTime: start.plus({ days: 1 }).toISO() },
        idempotent: true,
      });
      return AvailableTimes.map((slot) => ({
        startsAt: local(slot.StartDateTime),
        endsAt: local(slot.EndDateTime),
        therapist: therapist(slot.EmployeeID, slot.EmployeeFirstName, slot.EmployeeLastName),
      }));
    },

    async book(input) {
      const slot = { TreatmentID: vendorId(input.treatmentId, 'treatment'), StartDateTime: input.startsAt, ...(input.therapistId ? { EmployeeID: vendorId(input.therapistId, 'therapist') } : {}) };
      const json: SpaBookerCreateAppointment = {
        LocationID: locationId,
        ItineraryTimeSlotList: [{ TreatmentTimeSlots: [slot] }],
        Customer: { FirstName: input.guest.firstName, LastName: input.guest.lastName, Email: input.guest.email, MobilePhone: input.guest.phone },
        Notes: input.notes,
        ExternalReference: input.reference,
      };
      // SpaBooker deduplicates by Idempotency-Key, so the client may retry a create that failed in transit.
      return appointment({ method: 'POST', path: '/v4.1/customer/appointment/create', headers: { 'idempotency-key': input.reference }, json, idempotent: true });
    },

    cancel: (bookingId, late) => change('/v4.1/customer/appointment/cancel', bookingId, { IsLateCancellation: late }),
    markArrived: (bookingId) => change('/v4.1/merchant/appointment/checkin', bookingId),
    markNoShow: (bookingId) => change('/v4.1/merchant/appointment/noshow', bookingId),
    booking: async (bookingId) => appointment({ method: 'GET', path: `/v4.1/customer/appointment/${vendorId(bookingId, 'appointment')}` }),

    async daySchedule(date) {
      day(date);
      const items = await everyPage<SpaBookerAppointment>('/v4.1/merchant/appointments', 'Appointments', { FromStartDate: date, ToStartDate: date });
      return items.map(toBooking);
    },
  };
}
