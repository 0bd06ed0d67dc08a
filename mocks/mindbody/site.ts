/**
 * The demo site of the Mindbody mock: one location (Alpine Lodge's spa), one appointment program,
 * three spa session types with their online pricing options, and three therapists with their
 * shifts. Values are invented; the shapes are Mindbody's (services.md §3.4).
 */
export const SITE = { id: -99, name: 'Alpine Lodge Spa (Mindbody sandbox)', timeZone: 'Europe/Zurich' };

export const LOCATION = {
  Id: 1,
  Name: 'Alpine Lodge Spa',
  Address: 'Dorfstrasse 12',
  City: 'Zermatt',
  PostalCode: '3920',
  Phone: '+41279660000',
  SiteID: SITE.id,
  HasClasses: false,
  Latitude: 46.0207,
  Longitude: 7.7491,
  Tax1: 0.081,
};

export const PROGRAM = { Id: 26, Name: 'Spa Treatments', ScheduleType: 'Appointment' as const, CancelOffset: 24 };

/** Minutes between bookable start times (the site's "active session times"). */
export const INCREMENT_MINUTES = 30;
/** Business hours the active session times cover, site-local. */
export const BUSINESS_HOURS = { opens: '09:00', closes: '20:00' };

export interface MockSessionType {
  Id: number;
  Name: string;
  DefaultTimeLength: number;
  Category: string;
  CategoryId: number;
  OnlineDescription: string;
  /** Online price in the site's currency (CHF), as Mindbody's decimal. */
  price: number;
  /** Id of the pricing option (Mindbody's Service Id is a barcode string). */
  serviceId: string;
}

export const SESSION_TYPES: MockSessionType[] = [
  {
    Id: 52,
    Name: 'Deep Tissue Massage 60',
    DefaultTimeLength: 60,
    Category: 'Massage',
    CategoryId: 3,
    OnlineDescription: 'Firm, slow strokes for tired muscles after a day on the slopes.',
    price: 140,
    serviceId: '10052',
  },
  {
    Id: 53,
    Name: 'Alpine Hydrating Facial',
    DefaultTimeLength: 45,
    Category: 'Facial',
    CategoryId: 4,
    OnlineDescription: 'Cleanse, mountain-herb mask and a face massage for skin dried by cold air.',
    price: 115,
    serviceId: '10053',
  },
  {
    Id: 54,
    Name: 'Hot Stone Massage 90',
    DefaultTimeLength: 90,
    Category: 'Massage',
    CategoryId: 3,
    OnlineDescription: 'Warm basalt stones and long strokes to loosen deep tension.',
    price: 185.5,
    serviceId: '10054',
  },
];

export interface MockStaff {
  Id: number;
  FirstName: string;
  LastName: string;
  DisplayName: string;
  IsMale: boolean;
  Bio: string;
  /** Shift, every day, site-local. */
  shift: { from: string; to: string };
  sessionTypeIds: number[];
}

export const STAFF: MockStaff[] = [
  {
    Id: 100000012,
    FirstName: 'Lena',
    LastName: 'Ortiz',
    DisplayName: 'Lena O.',
    IsMale: false,
    Bio: 'Massage therapist; sports and deep tissue.',
    shift: { from: '09:00', to: '17:00' },
    sessionTypeIds: [52, 54],
  },
  {
    Id: 100000013,
    FirstName: 'Marco',
    LastName: 'Rossi',
    DisplayName: 'Marco R.',
    IsMale: true,
    Bio: 'Massage therapist and aesthetician.',
    shift: { from: '11:00', to: '20:00' },
    sessionTypeIds: [52, 53],
  },
  {
    Id: 100000014,
    FirstName: 'Sofia',
    LastName: 'Berger',
    DisplayName: 'Sofia B.',
    IsMale: false,
    Bio: 'Aesthetician; facials and hot stone.',
    shift: { from: '09:00', to: '18:00' },
    sessionTypeIds: [53, 54],
  },
];
