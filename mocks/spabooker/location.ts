/**
 * The demo spa the SpaBooker mock serves: one location (harbour's spa, in Lisbon), its treatments
 * named in English, German and Portuguese, and its therapists with their weekly working hours. Every
 * day of the week has at least two therapists for each massage, so a day's availability never runs
 * dry under a test run's bookings.
 */
export const LANGUAGES = ['en', 'de', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Localized = Record<Language, string>;

export interface SpaTreatment {
  id: number;
  name: Localized;
  description: Localized;
  category: { id: number; name: Localized };
  /** What the guest gets. */
  treatmentMinutes: number;
  /** The room and therapist are busy this long after each treatment (Booker's TotalDuration - TreatmentDuration). */
  cleanupMinutes: number;
  /** Decimal, in the location's currency, as SpaBooker sends prices. */
  price: number;
  employeeIds: number[];
}

/** Working hours of one weekday, local wall-clock `HH:mm`. */
export interface Shift {
  start: string;
  end: string;
}

export interface SpaEmployee {
  id: number;
  firstName: string;
  lastName: string;
  gender: 'Female' | 'Male';
  /** By ISO weekday, 1 = Monday … 7 = Sunday; a missing day is a day off. */
  hours: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, Shift>>;
}

export interface SpaLocation {
  id: number;
  name: string;
  timeZone: string;
  currency: string;
  /** Start times are offered on this grid from each shift's start. */
  slotMinutes: number;
  treatments: SpaTreatment[];
  employees: SpaEmployee[];
}

const MASSAGE = { id: 10, name: { en: 'Massage', de: 'Massage', pt: 'Massagem' } };
const FACIAL = { id: 20, name: { en: 'Facial', de: 'Gesichtsbehandlung', pt: 'Tratamento facial' } };

const days = (shift: Shift, ...weekdays: Array<1 | 2 | 3 | 4 | 5 | 6 | 7>) => Object.fromEntries(weekdays.map((day) => [day, shift]));

export function demoLocation(id: number, overrides: Partial<Pick<SpaLocation, 'timeZone' | 'currency'>> = {}): SpaLocation {
  return {
    id,
    name: 'Harbour View Spa',
    timeZone: overrides.timeZone ?? 'Europe/Lisbon',
    currency: overrides.currency ?? 'EUR',
    slotMinutes: 30,
    treatments: [
      {
        id: 1101,
        name: { en: 'Deep tissue massage', de: 'Tiefengewebsmassage', pt: 'Massagem de tecidos profundos' },
        description: {
          en: 'Firm, slow pressure for tired muscles.',
          de: 'Kräftiger, langsamer Druck für müde Muskeln.',
          pt: 'Pressão firme e lenta para músculos cansados.',
        },
        category: MASSAGE,
        treatmentMinutes: 60,
        cleanupMinutes: 15,
        price: 95,
        employeeIds: [501, 502, 503],
      },
      {
        id: 1102,
        name: { en: 'Aromatherapy massage', de: 'Aromatherapie-Massage', pt: 'Massagem de aromaterapia' },
        description: {
          en: 'A full-body massage with warm essential oils.',
          de: 'Ganzkörpermassage mit warmen ätherischen Ölen.',
          pt: 'Massagem de corpo inteiro com óleos essenciais quentes.',
        },
        category: MASSAGE,
        treatmentMinutes: 90,
        cleanupMinutes: 15,
        price: 130,
        employeeIds: [501, 502],
      },
      {
        id: 1103,
        name: { en: 'Hydrating facial', de: 'Feuchtigkeitspflege fürs Gesicht', pt: 'Tratamento facial hidratante' },
        description: {
          en: 'Cleanse, mask and a short face massage.',
          de: 'Reinigung, Maske und eine kurze Gesichtsmassage.',
          pt: 'Limpeza, máscara e uma breve massagem facial.',
        },
        category: FACIAL,
        treatmentMinutes: 45,
        cleanupMinutes: 15,
        price: 70,
        employeeIds: [501, 503],
      },
      {
        id: 1104,
        name: { en: 'Hot stone massage', de: 'Hot-Stone-Massage', pt: 'Massagem com pedras quentes' },
        description: {
          en: 'Warm basalt stones and long strokes.',
          de: 'Warme Basaltsteine und lange Streichungen.',
          pt: 'Pedras de basalto quentes e movimentos longos.',
        },
        category: MASSAGE,
        treatmentMinutes: 75,
        cleanupMinutes: 15,
        price: 115.5,
        employeeIds: [502, 503],
      },
    ],
    employees: [
      { id: 501, firstName: 'Lena', lastName: 'Ortiz', gender: 'Female', hours: days({ start: '09:00', end: '18:00' }, 1, 2, 3, 4, 5, 6) },
      { id: 502, firstName: 'Marco', lastName: 'Rossi', gender: 'Male', hours: days({ start: '11:00', end: '20:00' }, 2, 3, 4, 5, 6, 7) },
      { id: 503, firstName: 'Sofia', lastName: 'Almeida', gender: 'Female', hours: days({ start: '09:00', end: '17:00' }, 1, 3, 4, 5, 6, 7) },
    ],
  };
}
