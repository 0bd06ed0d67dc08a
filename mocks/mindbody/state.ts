import { BUSINESS_HOURS, INCREMENT_MINUTES, LOCATION, SESSION_TYPES, STAFF, type MockSessionType, type MockStaff } from './site.js';
import { formatLocal, startOfDay, timeOfDay } from './wall-clock.js';

/** A refusal in Mindbody's shape: `{ "Error": { "Message", "Code" } }` with its HTTP status. */
export class MindbodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string) => new MindbodyError(400, 'InvalidParameter', message);

export type AppointmentStatus = 'Booked' | 'Confirmed' | 'Arrived' | 'Completed' | 'NoShow' | 'Cancelled' | 'LateCancelled';

export interface StoredClient {
  Id: string;
  UniqueId: number;
  FirstName: string;
  LastName: string;
  Email: string | null;
  MobilePhone: string | null;
  CreationDate: string;
}

export interface StoredAppointment {
  Id: number;
  Status: AppointmentStatus;
  /** Site-local minutes (wall-clock.ts). */
  start: number;
  end: number;
  ClientId: string;
  StaffId: number;
  SessionTypeId: number;
  LocationId: number;
  Notes: string | null;
  StaffRequested: boolean;
  PartnerExternalId: string | null;
  FirstAppointment: boolean;
}

export interface NewAppointment {
  ClientId: string;
  LocationId: number;
  SessionTypeId: number;
  StaffId: number;
  start: number;
  end: number | null;
  Notes: string | null;
  StaffRequested: boolean;
  PartnerExternalId: string | null;
}

export interface AppointmentFilter {
  appointmentIds?: number[];
  clientId?: string;
  staffIds?: number[];
  locationIds?: number[];
  from?: number;
  to?: number;
}

/** A staff member's free stretch for a session type, before the session's length is taken off. */
export interface Window {
  staff: MockStaff;
  sessionType: MockSessionType;
  start: number;
  end: number;
}

/** Time no longer held by an appointment in these states. */
const RELEASED: ReadonlySet<AppointmentStatus> = new Set(['Cancelled', 'LateCancelled']);

/**
 * What `updateappointment`'s `Execute` does, from which states. The spec documents confirm,
 * unconfirm, arrive, unarrive, cancel, latecancel and complete; `noshow` is our guess (the spec
 * reports `NoShow` as a status but names no way to set it; README.md "No-shows").
 */
const EXECUTE: Record<string, { to: AppointmentStatus; from: AppointmentStatus[] }> = {
  confirm: { to: 'Confirmed', from: ['Booked'] },
  unconfirm: { to: 'Booked', from: ['Confirmed'] },
  arrive: { to: 'Arrived', from: ['Booked', 'Confirmed'] },
  unarrive: { to: 'Booked', from: ['Arrived'] },
  cancel: { to: 'Cancelled', from: ['Booked', 'Confirmed'] },
  latecancel: { to: 'LateCancelled', from: ['Booked', 'Confirmed'] },
  complete: { to: 'Completed', from: ['Booked', 'Confirmed', 'Arrived'] },
  noshow: { to: 'NoShow', from: ['Booked', 'Confirmed'] },
};

export const sessionTypeOf = (id: number) => SESSION_TYPES.find((item) => item.Id === id);
export const staffOf = (id: number) => STAFF.find((item) => item.Id === id);

export function createMindbodyState() {
  const clients: StoredClient[] = [];
  const appointments: StoredAppointment[] = [];
  let nextClient = 100015678;
  let nextAppointment = 311447;

  const holds = (staffId: number, start: number, end: number, except?: number) =>
    appointments.some((a) => a.StaffId === staffId && a.Id !== except && !RELEASED.has(a.Status) && a.start < end && start < a.end);

  /** The staff member's shift on the day of `minutes`. */
  const shiftOf = (staff: MockStaff, minutes: number) => {
    const day = startOfDay(minutes);
    return { start: day + timeOfDay(staff.shift.from), end: day + timeOfDay(staff.shift.to) };
  };

  function checkBookable(input: { StaffId: number; SessionTypeId: number; LocationId: number; start: number; end: number }, except?: number) {
    const staff = staffOf(input.StaffId);
    if (!staff) throw new MindbodyError(400, 'InvalidStaffId', `Staff member ${input.StaffId} does not exist.`);
    if (input.LocationId !== LOCATION.Id) throw invalid(`Location ${input.LocationId} does not exist.`);
    if (!staff.sessionTypeIds.includes(input.SessionTypeId)) throw invalid('The staff member does not offer this session type.');
    const shift = shiftOf(staff, input.start);
    if (input.end <= input.start || input.start < shift.start || input.end > shift.end || holds(staff.Id, input.start, input.end, except)) {
      throw invalid('The staff member is not available at the requested time.');
    }
  }

  function findAppointment(id: number) {
    const found = appointments.find((a) => a.Id === id);
    if (!found) throw invalid(`Appointment ${id} was not found.`);
    return found;
  }

  return {
    clients,
    appointments,

    searchClients(searchText: string | undefined, ids: string[] | undefined): StoredClient[] {
      const needle = searchText?.trim().toLowerCase();
      return clients.filter(
        (c) =>
          (!ids || ids.includes(c.Id)) &&
          (!needle || [c.FirstName, c.LastName, `${c.FirstName} ${c.LastName}`, c.Email ?? '', c.MobilePhone ?? ''].some((field) => field.toLowerCase().includes(needle))),
      );
    },

    addClient(input: Omit<StoredClient, 'Id' | 'UniqueId'>, test: boolean): StoredClient {
      const client = { ...input, Id: String(test ? 0 : nextClient), UniqueId: test ? 0 : nextClient };
      if (!test) {
        nextClient += 1;
        clients.push(client);
      }
      return client;
    },

    /**
     * Bookable windows: each staff member's shift on each day of [from, to], less their held
     * appointments and anything before `now`, clipped to the range; a window shorter than the
     * session is left out.
     */
    windows(sessionTypeIds: number[], from: number, to: number, now: number, staffIds?: number[]): Window[] {
      const found: Window[] = [];
      for (const sessionType of SESSION_TYPES.filter((item) => sessionTypeIds.includes(item.Id))) {
        for (const staff of STAFF.filter((item) => item.sessionTypeIds.includes(sessionType.Id) && (!staffIds || staffIds.includes(item.Id)))) {
          for (let day = startOfDay(from); day <= to; day += 1440) {
            const shift = shiftOf(staff, day);
            let cursor = Math.max(shift.start, from, now);
            const end = Math.min(shift.end, to);
            const busy = appointments
              .filter((a) => a.StaffId === staff.Id && !RELEASED.has(a.Status) && a.end > cursor && a.start < end)
              .sort((a, b) => a.start - b.start);
            for (const gap of [...busy.map((a) => ({ until: a.start, resume: a.end })), { until: end, resume: end }]) {
              if (gap.until - cursor >= sessionType.DefaultTimeLength) found.push({ staff, sessionType, start: cursor, end: gap.until });
              cursor = Math.max(cursor, gap.resume);
            }
          }
        }
      }
      return found.sort((a, b) => a.start - b.start || a.staff.Id - b.staff.Id);
    },

    /** Start times of day the site books at (`activesessiontimes`), `HH:mm:ss`. */
    activeSessionTimes(): string[] {
      const times: string[] = [];
      for (let minute = timeOfDay(BUSINESS_HOURS.opens); minute < timeOfDay(BUSINESS_HOURS.closes); minute += INCREMENT_MINUTES) {
        times.push(formatLocal(minute).slice(11));
      }
      return times;
    },

    /** Re-checks the staff member's shift and overlap, as Mindbody does on every add; `test` writes nothing. */
    addAppointment(input: NewAppointment, test: boolean): StoredAppointment {
      if (!clients.some((c) => c.Id === input.ClientId)) throw new MindbodyError(400, 'ClientNotFound', `Client ${input.ClientId} was not found.`);
      const sessionType = sessionTypeOf(input.SessionTypeId);
      if (!sessionType) throw invalid(`Session type ${input.SessionTypeId} does not exist.`);
      const end = input.end ?? input.start + sessionType.DefaultTimeLength;
      checkBookable({ ...input, end });
      const appointment: StoredAppointment = {
        Id: test ? 0 : nextAppointment,
        Status: 'Booked',
        start: input.start,
        end,
        ClientId: input.ClientId,
        StaffId: input.StaffId,
        SessionTypeId: input.SessionTypeId,
        LocationId: input.LocationId,
        Notes: input.Notes,
        StaffRequested: input.StaffRequested,
        PartnerExternalId: input.PartnerExternalId,
        FirstAppointment: !appointments.some((a) => a.ClientId === input.ClientId),
      };
      if (!test) {
        nextAppointment += 1;
        appointments.push(appointment);
      }
      return appointment;
    },

    /** `Execute`, and the few fields the spec lets an update change (start, end, staff, session type, notes). */
    updateAppointment(
      id: number,
      change: { execute?: string; start?: number; end?: number; StaffId?: number; SessionTypeId?: number; Notes?: string; PartnerExternalId?: string },
      test: boolean,
    ): StoredAppointment {
      const current = findAppointment(id);
      const next = { ...current };
      if (change.execute !== undefined) {
        const action = EXECUTE[change.execute.toLowerCase()];
        if (!action) throw invalid(`Execute must be one of ${Object.keys(EXECUTE).join(', ')}.`);
        if (!action.from.includes(current.Status)) throw invalid(`An appointment that is ${current.Status} cannot be changed with ${change.execute}.`);
        next.Status = action.to;
      }
      if (change.start !== undefined || change.StaffId !== undefined || change.SessionTypeId !== undefined || change.end !== undefined) {
        const sessionType = sessionTypeOf(change.SessionTypeId ?? current.SessionTypeId);
        if (!sessionType) throw invalid(`Session type ${change.SessionTypeId} does not exist.`);
        next.start = change.start ?? current.start;
        next.end = change.end ?? next.start + (change.start !== undefined || change.SessionTypeId !== undefined ? sessionType.DefaultTimeLength : current.end - current.start);
        next.StaffId = change.StaffId ?? current.StaffId;
        next.SessionTypeId = sessionType.Id;
        checkBookable(next, current.Id);
      }
      if (change.Notes !== undefined) next.Notes = change.Notes;
      if (change.PartnerExternalId !== undefined) next.PartnerExternalId = change.PartnerExternalId;
      if (!test) Object.assign(current, next);
      return next;
    },

    listAppointments(filter: AppointmentFilter): StoredAppointment[] {
      return appointments
        .filter(
          (a) =>
            (!filter.appointmentIds || filter.appointmentIds.includes(a.Id)) &&
            (filter.clientId === undefined || a.ClientId === filter.clientId) &&
            (!filter.staffIds || filter.staffIds.includes(a.StaffId)) &&
            (!filter.locationIds || filter.locationIds.includes(a.LocationId)) &&
            (filter.from === undefined || a.start >= filter.from) &&
            (filter.to === undefined || a.start <= filter.to),
        )
        .sort((a, b) => a.start - b.start || a.Id - b.Id);
    },
  };
}

export type MindbodyState = ReturnType<typeof createMindbodyState>;
