/**
 * The demo reservations every mock PMS knows. They mirror backend/db/seed.sql (same confirmation
 * numbers, names, rooms and relative dates) but are written out independently: a mock imports
 * nothing from backend/.
 *
 * Dates are offsets in days from "today" in the property's time zone, so the fixtures stay
 * current whatever day a mock starts.
 */
export type DemoStatus = 'reserved' | 'checked_in' | 'checked_out' | 'cancelled' | 'no_show';

export interface DemoStay {
  property: 'harbour' | 'alpine';
  confirmation: string;
  firstName: string;
  lastName: string;
  email: string;
  arrivalOffset: number;
  departureOffset: number;
  room: string | null;
  status: DemoStatus;
  adults: number;
  children: number;
  /** The guest's language as the PMS records it; most bookings carry none. */
  language?: string;
}

export const demoProperties = {
  harbour: { name: 'Harbour View Hotel', timeZone: 'Europe/Lisbon', currency: 'EUR' },
  alpine: { name: 'Alpine Lodge', timeZone: 'Europe/Zurich', currency: 'CHF' },
} as const;

const stay = (
  property: DemoStay['property'],
  confirmation: string,
  firstName: string,
  lastName: string,
  arrivalOffset: number,
  departureOffset: number,
  room: string | null,
  status: DemoStatus,
  adults = 2,
  children = 0,
): DemoStay => ({
  property,
  confirmation,
  firstName,
  lastName,
  email: `${confirmation.toLowerCase()}@guests.example`,
  arrivalOffset,
  departureOffset,
  room,
  status,
  adults,
  children,
});

export const demoStays: readonly DemoStay[] = [
  stay('harbour', 'HV1001', 'Anna', 'Müller', -1, 2, '204', 'checked_in'),
  stay('harbour', 'HV1002', 'Chidi', 'Okafor', 0, 3, null, 'reserved', 1),
  stay('harbour', 'HV1003', 'Sofia', 'Ferreira', 0, 2, null, 'reserved', 2, 1),
  stay('harbour', 'HV1004', 'James', "O'Connor", 0, 1, null, 'reserved', 1),
  stay('harbour', 'HV1005', 'Léa', 'Dubois', -2, 0, '305', 'checked_in'),
  stay('harbour', 'HV1006', 'Hiroshi', 'Tanaka', -3, 1, '112', 'checked_in', 1),
  stay('harbour', 'HV1007', 'Emma', 'Schmidt', -1, 4, '210', 'checked_in', 2, 2),
  stay('harbour', 'HV1008', 'Lucas', 'Silva', 1, 3, null, 'reserved'),
  stay('harbour', 'HV1009', 'Olivia', 'Brown', 2, 6, null, 'reserved'),
  { ...stay('harbour', 'HV1010', 'Mateo', 'García', 5, 8, null, 'reserved', 2, 1), language: 'es-ES' },
  stay('harbour', 'HV1011', 'Noah', 'Wilson', -5, -2, '101', 'checked_out', 1),
  stay('harbour', 'HV1012', 'Zoë', 'Martin', -4, -1, '118', 'checked_out'),
  stay('harbour', 'HV1013', 'Ahmed', 'Hassan', 0, 2, null, 'cancelled', 1),
  stay('harbour', 'HV1014', 'Ingrid', 'Johansson', -1, 1, null, 'no_show', 1),
  stay('harbour', 'HV1015', 'Priya', 'Sharma', 10, 14, null, 'reserved'),
  stay('alpine', 'AL2001', 'Giulia', 'Rossi', 0, 4, null, 'reserved'),
  stay('alpine', 'AL2002', 'Lukas', 'Meier', -2, 3, '12', 'checked_in'),
  stay('alpine', 'AL2003', 'Chloé', 'Favre', -1, 0, '7', 'checked_in', 1),
  stay('alpine', 'AL2004', 'Marco', 'Bernasconi', 1, 5, null, 'reserved', 2, 2),
  stay('alpine', 'AL2005', 'Sarah', 'Keller', 0, 2, null, 'reserved', 1),
  stay('alpine', 'AL2006', 'Thomas', 'Huber', -6, -3, '3', 'checked_out'),
  stay('alpine', 'AL2007', 'Elena', 'Popescu', 3, 7, null, 'reserved'),
  stay('alpine', 'AL2008', 'Jonas', 'Brunner', -3, 2, '21', 'checked_in'),
  stay('alpine', 'AL2009', 'Mia', 'Zimmermann', 7, 10, null, 'reserved'),
  stay('alpine', 'AL2010', 'David', 'Cohen', 0, 1, null, 'cancelled', 1),
];
