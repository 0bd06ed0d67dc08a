import { DateTime } from 'luxon';
import type { SpaEmployee, SpaLocation, SpaTreatment } from './location.js';

/**
 * The state behind the SpaBooker mock, free of HTTP: the location's appointments, the availability
 * computed from the therapists' working hours minus what is booked, and the status rules. Every
 * time is a luxon DateTime in the location's zone; the server writes them as ISO with the offset.
 */
export type AppointmentStatus = 'Booked' | 'CheckedIn' | 'Completed' | 'NoShow' | 'Cancelled' | 'LateCancelled';

export const STATUS_IDS: Record<AppointmentStatus, number> = { Booked: 1, CheckedIn: 2, Completed: 3, NoShow: 4, Cancelled: 5, LateCancelled: 6 };

export interface Customer {
  firstName: string | null;
  lastName: string;
  email: string | null;
  mobilePhone: string | null;
}

export interface StoredAppointment {
  id: number;
  treatment: SpaTreatment;
  employee: SpaEmployee;
  start: DateTime;
  /** End of the treatment (what the guest sees). */
  end: DateTime;
  /** End of the cleanup after it: the therapist is busy until then. */
  busyUntil: DateTime;
  status: AppointmentStatus;
  customer: Customer;
  notes: string | null;
  externalReference: string | null;
  createdAt: DateTime;
  checkedInAt: DateTime | null;
  cancelledAt: DateTime | null;
}

export interface Slot {
  start: DateTime;
  end: DateTime;
  employee: SpaEmployee;
}

/** A refusal in SpaBooker's terms; the server writes it as `{IsSuccess: false, ErrorCode, …}`. */
export class SpaBookerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For 400 `InvalidArgument`: which fields, as `ArgumentErrors`. */
    readonly argumentErrors: Array<{ ArgumentName: string; ErrorMessage: string }> = [],
  ) {
    super(message);
  }
}

const ACTIVE: ReadonlySet<AppointmentStatus> = new Set(['Booked', 'CheckedIn', 'Completed', 'NoShow']);

/** What each staff or guest action may start from; reaching the state it already has changes nothing. */
const TRANSITIONS = {
  cancel: { from: ['Booked'], to: 'Cancelled' },
  lateCancel: { from: ['Booked'], to: 'LateCancelled' },
  checkIn: { from: ['Booked'], to: 'CheckedIn' },
  noShow: { from: ['Booked'], to: 'NoShow' },
} as const satisfies Record<string, { from: readonly AppointmentStatus[]; to: AppointmentStatus }>;
export type AppointmentAction = keyof typeof TRANSITIONS;

export function createAppointmentBook(location: SpaLocation, options: { now?: number } = {}) {
  const appointments = new Map<number, StoredAppointment>();
  let offsetMs = options.now === undefined ? 0 : options.now - Date.now();
  let sequence = 0;

  const now = () => DateTime.fromMillis(Date.now() + offsetMs, { zone: location.timeZone });
  const local = (instant: DateTime) => instant.setZone(location.timeZone);

  function treatment(id: number): SpaTreatment {
    const found = location.treatments.find((item) => item.id === id);
    if (!found) throw new SpaBookerError(404, 'TreatmentNotFound', `No treatment ${id} at this location.`);
    return found;
  }

  function employee(id: number): SpaEmployee {
    const found = location.employees.find((item) => item.id === id);
    if (!found) throw new SpaBookerError(404, 'EmployeeNotFound', `No employee ${id} at this location.`);
    return found;
  }

  /** A checked-in guest whose treatment has ended on the mock clock is completed. */
  function fresh(appointment: StoredAppointment): StoredAppointment {
    if (appointment.status === 'CheckedIn' && appointment.end <= now()) appointment.status = 'Completed';
    return appointment;
  }

  function appointment(id: number): StoredAppointment {
    const found = appointments.get(id);
    if (!found) throw new SpaBookerError(404, 'AppointmentNotFound', `No appointment ${id}.`);
    return fresh(found);
  }

  /** The employee's shift on the day `start` falls on, as instants; null on a day off. */
  function shiftOn(worker: SpaEmployee, day: DateTime): { start: DateTime; end: DateTime } | null {
    const shift = worker.hours[day.weekday as 1];
    if (!shift) return null;
    const at = (time: string) => {
      const [hour, minute] = time.split(':').map(Number);
      return day.startOf('day').set({ hour, minute });
    };
    return { start: at(shift.start), end: at(shift.end) };
  }

  /** Free to give `item` from `start`: in the shift, cleanup included, and meeting no active appointment. */
  function free(worker: SpaEmployee, item: SpaTreatment, start: DateTime): boolean {
    const busyUntil = start.plus({ minutes: item.treatmentMinutes + item.cleanupMinutes });
    const shift = shiftOn(worker, local(start));
    if (!shift || start < shift.start || busyUntil > shift.end) return false;
    for (const other of appointments.values()) {
      if (other.employee.id === worker.id && ACTIVE.has(other.status) && other.start < busyUntil && start < other.busyUntil) return false;
    }
    return true;
  }

  function qualified(item: SpaTreatment, employeeId: number | null): SpaEmployee[] {
    if (employeeId === null) return item.employeeIds.map(employee);
    const worker = employee(employeeId);
    if (!item.employeeIds.includes(worker.id)) {
      throw new SpaBookerError(422, 'EmployeeNotQualified', `${worker.firstName} ${worker.lastName} does not give ${item.name.en}.`);
    }
    return [worker];
  }

  return {
    now,

    advanceClock(seconds: number) {
      offsetMs += seconds * 1000;
    },

    treatment,
    employee,
    appointment,

    /** Start times in [from, to) on the slot grid of each shift, for each qualified employee who is free. */
    availability(query: { treatmentId: number; from: DateTime; to: DateTime; employeeId: number | null }): Slot[] {
      const item = treatment(query.treatmentId);
      const workers = qualified(item, query.employeeId);
      const earliest = now();
      const slots: Slot[] = [];
      for (let day = local(query.from).startOf('day'); day < query.to; day = day.plus({ days: 1 })) {
        for (const worker of workers) {
          const shift = shiftOn(worker, day);
          if (!shift) continue;
          for (let start = shift.start; start < shift.end; start = start.plus({ minutes: location.slotMinutes })) {
            if (start < query.from || start >= query.to || start <= earliest) continue;
            if (free(worker, item, start)) slots.push({ start, end: start.plus({ minutes: item.treatmentMinutes }), employee: worker });
          }
        }
      }
      return slots.sort((a, b) => a.start.toMillis() - b.start.toMillis() || a.employee.id - b.employee.id);
    },

    /** Books the first qualified employee free at `start` (or the one asked for): the overlap is checked here, at booking time. */
    create(input: { treatmentId: number; start: DateTime; employeeId: number | null; customer: Customer; notes: string | null; externalReference: string | null }): StoredAppointment {
      const item = treatment(input.treatmentId);
      const workers = qualified(item, input.employeeId);
      const start = local(input.start);
      if (start <= now()) throw new SpaBookerError(422, 'StartInPast', 'StartDateTime is in the past.');
      const worker = workers.find((candidate) => free(candidate, item, start));
      if (!worker) throw new SpaBookerError(409, 'SlotUnavailable', 'The requested time is no longer available.');
      sequence += 1;
      const created: StoredAppointment = {
        id: 880000 + sequence,
        treatment: item,
        employee: worker,
        start,
        end: start.plus({ minutes: item.treatmentMinutes }),
        busyUntil: start.plus({ minutes: item.treatmentMinutes + item.cleanupMinutes }),
        status: 'Booked',
        customer: input.customer,
        notes: input.notes,
        externalReference: input.externalReference,
        createdAt: now(),
        checkedInAt: null,
        cancelledAt: null,
      };
      appointments.set(created.id, created);
      return created;
    },

    /** Applies a status change; asking for the state it is already in answers it unchanged, so a retry is harmless. */
    apply(id: number, action: AppointmentAction): StoredAppointment {
      const current = appointment(id);
      const { from, to } = TRANSITIONS[action];
      if (current.status === to) return current;
      if (!(from as readonly AppointmentStatus[]).includes(current.status)) {
        throw new SpaBookerError(409, 'InvalidStatusTransition', `A ${current.status} appointment cannot become ${to}.`);
      }
      current.status = to;
      if (to === 'CheckedIn') current.checkedInAt = now();
      if (to === 'Cancelled' || to === 'LateCancelled') current.cancelledAt = now();
      return current;
    },

    /** Appointments starting on the days from..to (inclusive, location dates), by start. */
    onDays(from: string, to: string): StoredAppointment[] {
      return [...appointments.values()]
        .map(fresh)
        .filter((item) => {
          const date = item.start.toISODate()!;
          return date >= from && date <= to;
        })
        .sort((a, b) => a.start.toMillis() - b.start.toMillis() || a.id - b.id);
    },

    all: () => [...appointments.values()].map(fresh),
  };
}

export type AppointmentBook = ReturnType<typeof createAppointmentBook>;
