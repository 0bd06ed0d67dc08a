import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mocksDir } from './mocks-dir.js';

/**
 * The demo reservations every mock PMS knows: backend/db/demo-stays.json, which mirrors
 * backend/db/seed.sql (same confirmation numbers, names, rooms and relative dates) and which the
 * API's in-process demo PMS reads too. Read as a file: a mock imports nothing from backend/.
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

/** The one list of demo stays, kept with the seed it mirrors (backend/db); read here, not imported. */
const demo = JSON.parse(readFileSync(path.join(mocksDir, '..', 'backend', 'db', 'demo-stays.json'), 'utf8')) as {
  properties: Record<DemoStay['property'], { name: string; timeZone: string; currency: string }>;
  stays: DemoStay[];
};

export const demoProperties: Readonly<typeof demo.properties> = demo.properties;
export const demoStays: readonly DemoStay[] = demo.stays;
