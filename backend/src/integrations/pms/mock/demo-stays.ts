import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A reservation of the demo hotels as backend/db/demo-stays.json lists it: the stays of
 * db/seed.sql, with dates as days from "today" in the property's time zone. The PMS mock servers
 * read the same file (they import nothing from backend/, and the API nothing from mocks/).
 */
export interface DemoStay {
  property: string;
  confirmation: string;
  firstName: string;
  lastName: string;
  email: string;
  arrivalOffset: number;
  departureOffset: number;
  room: string | null;
  status: 'reserved' | 'checked_in' | 'checked_out' | 'cancelled' | 'no_show';
  adults: number;
  children: number;
  /** The guest's language as the PMS records it; most bookings carry none. */
  language?: string;
}

// From src/ and from the compiled dist/ alike: both sit at the same depth under backend/.
const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../db/demo-stays.json');

export const demoStays: readonly DemoStay[] = (JSON.parse(readFileSync(file, 'utf8')) as { stays: DemoStay[] }).stays;
