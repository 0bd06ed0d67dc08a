/**
 * The identity documents the ID-reading mocks (Textract, Azure Document Intelligence) "read". They
 * cannot read images, so a picture names its document by a marker in its metadata: the text
 * `innkeeper-id:<fixture id>` in a PNG text chunk or a JPEG comment (ImageMagick:
 * `convert in.png -set comment innkeeper-id:passport-deu out.png`; fixture-images.ts makes such
 * images in code). The same picture therefore reads as the same person in every mock; each mock
 * turns the document into its vendor's answer, including what that vendor fails to read.
 *
 * Person data is invented, in the style of the specimens governments print (ERIKA MUSTERMANN).
 */

/** A date as printed on the document and the calendar date it stands for (`YYYY-MM-DD`). */
export type PrintedDate = readonly [printed: string, iso: string];

export interface IdDocument {
  kind: 'passport' | 'driverLicense' | 'nationalIdentityCard';
  /** Issuing country, ISO 3166-1 alpha-3. */
  country: string;
  firstName: string;
  lastName: string;
  middleName?: string;
  documentNumber: string;
  dateOfBirth: PrintedDate;
  dateOfExpiration: PrintedDate;
  dateOfIssue?: PrintedDate;
  sex?: 'F' | 'M';
  /** ISO 3166-1 alpha-3. */
  nationality?: string;
  placeOfBirth?: string;
  /** A driver's licence's address and licence data. */
  licence?: { street: string; city: string; postalCode: string; state: string; stateName: string; county: string; class: string; endorsements: string; restrictions: string };
  /** The machine-readable zone as printed, lines joined by `\n`. */
  mrz?: string;
  /** How well the picture reads, 0–1: vendors derive their confidences from it. */
  legibility: number;
  /** Printed, but not legible in this picture (the MRZ may still carry it). */
  illegible?: readonly ('dateOfBirth' | 'placeOfBirth')[];
  /** Too dark and cut off to read at all: every vendor refuses it. */
  unreadable?: true;
}

const MRZ_WEIGHTS = [7, 3, 1];
const mrzValue = (c: string) => (c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
const checkDigit = (text: string) => String([...text].reduce((sum, c, i) => sum + mrzValue(c) * MRZ_WEIGHTS[i % 3]!, 0) % 10);
const pad = (text: string, length: number) => text.padEnd(length, '<');
const mrzName = (surname: string, givenNames: string) => `${surname.replace(/ /g, '<')}<<${givenNames.replace(/ /g, '<')}`;

interface MrzData {
  /** ICAO code of the issuing state (Germany is `D`, not `DEU`). */
  state: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  /** YYMMDD */
  birth: string;
  sex: 'F' | 'M' | '<';
  /** YYMMDD */
  expiry: string;
  /** Replaces the document number's check digit, to make a fixture whose MRZ fails its check. */
  wrongDocumentCheckDigit?: string;
}

/** The two 44-character lines of a passport (ICAO 9303 TD3), check digits computed. */
function passportMrz(p: MrzData): string {
  const line1 = pad(`P<${pad(p.state, 3)}${mrzName(p.surname, p.givenNames)}`, 44);
  const documentNumber = pad(p.documentNumber, 9);
  const documentPart = `${documentNumber}${p.wrongDocumentCheckDigit ?? checkDigit(documentNumber)}`;
  const birthPart = `${p.birth}${checkDigit(p.birth)}`;
  const expiryPart = `${p.expiry}${checkDigit(p.expiry)}`;
  const personalPart = `${pad('', 14)}<`;
  const composite = checkDigit(`${documentNumber}${checkDigit(documentNumber)}${birthPart}${expiryPart}${personalPart}`);
  return `${line1}\n${documentPart}${pad(p.nationality, 3)}${birthPart}${p.sex}${expiryPart}${personalPart}${composite}`;
}

/** The three 30-character lines of an identity card (ICAO 9303 TD1), check digits computed. */
function identityCardMrz(p: MrzData): string {
  const documentNumber = pad(p.documentNumber, 9);
  const line1 = pad(`I<${pad(p.state, 3)}${documentNumber}${checkDigit(documentNumber)}`, 30);
  const birthPart = `${p.birth}${checkDigit(p.birth)}`;
  const expiryPart = `${p.expiry}${checkDigit(p.expiry)}`;
  const line2Start = `${birthPart}${p.sex}${expiryPart}${pad(p.nationality, 3)}${pad('', 11)}`;
  const composite = checkDigit(`${line1.slice(5)}${birthPart}${expiryPart}${pad('', 11)}`);
  return `${line1}\n${line2Start}${composite}\n${pad(mrzName(p.surname, p.givenNames), 30)}`;
}

export const ID_DOCUMENTS = {
  /** A German passport. */
  'passport-deu': {
    kind: 'passport',
    country: 'DEU',
    firstName: 'ERIKA',
    lastName: 'MUSTERMANN',
    documentNumber: 'C4J7R2K95',
    dateOfBirth: ['12.08.1983', '1983-08-12'],
    dateOfExpiration: ['31.10.2035', '2035-10-31'],
    dateOfIssue: ['01.11.2025', '2025-11-01'],
    sex: 'F',
    nationality: 'DEU',
    placeOfBirth: 'BERLIN',
    mrz: passportMrz({ state: 'D', surname: 'MUSTERMANN', givenNames: 'ERIKA', documentNumber: 'C4J7R2K95', nationality: 'D', birth: '830812', sex: 'F', expiry: '351031' }),
    legibility: 0.884,
  },
  /** An Italian identity card (TD1 MRZ on the back, photographed with the front). */
  'id-card-ita': {
    kind: 'nationalIdentityCard',
    country: 'ITA',
    firstName: 'GIULIA',
    lastName: 'ROSSI',
    documentNumber: 'CA12345BC',
    dateOfBirth: ['17.04.1990', '1990-04-17'],
    dateOfExpiration: ['17.04.2032', '2032-04-17'],
    dateOfIssue: ['17.04.2022', '2022-04-17'],
    sex: 'F',
    nationality: 'ITA',
    placeOfBirth: 'ROMA',
    mrz: identityCardMrz({ state: 'ITA', surname: 'ROSSI', givenNames: 'GIULIA', documentNumber: 'CA12345BC', nationality: 'ITA', birth: '900417', sex: 'F', expiry: '320417' }),
    legibility: 0.962,
  },
  /** A US driver's licence, front. */
  'driver-license-us': {
    kind: 'driverLicense',
    country: 'USA',
    firstName: 'IMA',
    lastName: 'CARDHOLDER',
    middleName: 'SPECIMEN',
    documentNumber: 'I7654321',
    dateOfBirth: ['08/31/1977', '1977-08-31'],
    dateOfExpiration: ['08/31/2031', '2031-08-31'],
    dateOfIssue: ['08/31/2023', '2023-08-31'],
    sex: 'F',
    licence: { street: '1234 SPECIMEN AVE', city: 'SACRAMENTO', postalCode: '95818', state: 'CA', stateName: 'CALIFORNIA', county: 'SACRAMENTO', class: 'C', endorsements: 'NONE', restrictions: 'NONE' },
    legibility: 0.976,
  },
  /** A British passport that expired in 2021, MRZ valid. */
  'passport-expired': {
    kind: 'passport',
    country: 'GBR',
    firstName: 'ANGELA ZOE',
    lastName: 'UK SPECIMEN',
    documentNumber: '925076473',
    dateOfBirth: ['04 DEC 1988', '1988-12-04'],
    dateOfExpiration: ['30 JUN 2021', '2021-06-30'],
    dateOfIssue: ['30 JUN 2011', '2011-06-30'],
    sex: 'F',
    nationality: 'GBR',
    placeOfBirth: 'CROYDON',
    mrz: passportMrz({ state: 'GBR', surname: 'UK SPECIMEN', givenNames: 'ANGELA ZOE', documentNumber: '925076473', nationality: 'GBR', birth: '881204', sex: 'F', expiry: '210630' }),
    legibility: 0.952,
  },
  /** An Austrian passport whose MRZ document-number check digit is wrong (a misread or a forgery). */
  'passport-bad-check-digit': {
    kind: 'passport',
    country: 'AUT',
    firstName: 'MAXIMA',
    lastName: 'MUSTERFRAU',
    documentNumber: 'P1234567',
    dateOfBirth: ['01.02.1990', '1990-02-01'],
    dateOfExpiration: ['14.03.2033', '2033-03-14'],
    sex: 'F',
    nationality: 'AUT',
    mrz: passportMrz({ state: 'AUT', surname: 'MUSTERFRAU', givenNames: 'MAXIMA', documentNumber: 'P1234567', nationality: 'AUT', birth: '900201', sex: 'F', expiry: '330314', wrongDocumentCheckDigit: '0' }),
    legibility: 0.931,
  },
  /** A Dutch passport photographed out of focus: the birth date is lost, the rest reads poorly. */
  'passport-blurry': {
    kind: 'passport',
    country: 'NLD',
    firstName: 'WILLEKE LISELOTTE',
    lastName: 'DE BRUIJN',
    documentNumber: 'SPECI2024',
    dateOfBirth: ['10 MAR 1965', '1965-03-10'],
    dateOfExpiration: ['02 AUG 2034', '2034-08-02'],
    sex: 'F',
    nationality: 'NLD',
    mrz: passportMrz({ state: 'NLD', surname: 'DE BRUIJN', givenNames: 'WILLEKE LISELOTTE', documentNumber: 'SPECI2024', nationality: 'NLD', birth: '650310', sex: 'F', expiry: '340802' }),
    legibility: 0.417,
    illegible: ['dateOfBirth'],
  },
  /** Too dark and cut off to read. */
  unreadable: {
    kind: 'passport',
    country: 'DEU',
    firstName: '',
    lastName: '',
    documentNumber: '',
    dateOfBirth: ['', ''],
    dateOfExpiration: ['', ''],
    legibility: 0,
    unreadable: true,
  },
} satisfies Record<string, IdDocument>;

export type IdDocumentId = keyof typeof ID_DOCUMENTS;

/** The text that names a document inside an image's metadata. */
export const idDocumentMarker = (id: string) => `innkeeper-id:${id}`;

const MARKER = /innkeeper-id:([a-z0-9-]+)/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Longest first, so that no id is taken for a longer one it begins. */
const IDS_LONGEST_FIRST = (Object.keys(ID_DOCUMENTS) as IdDocumentId[]).sort((a, b) => b.length - a.length);

/**
 * The document a marker names. The text after the marker is not always where it ends: a PNG text
 * chunk is followed by its CRC, whose bytes may happen to be letters, so the known id it begins
 * with is taken.
 */
function markedDocument(bytes: Buffer): IdDocumentId | null {
  const marked = MARKER.exec(bytes.toString('latin1'))?.[1];
  return marked ? (IDS_LONGEST_FIRST.find((id) => marked.startsWith(id)) ?? null) : null;
}

export interface ImageReading {
  /** Null for bytes that are neither PNG nor JPEG. */
  format: 'png' | 'jpeg' | null;
  /** False for an image cut short (no PNG IEND chunk, no JPEG end-of-image marker). */
  complete: boolean;
  /** The document the marker names; null without a known marker. */
  document: IdDocumentId | null;
}

/** What the bytes of a picture are, and which document its marker names. */
export function readImage(bytes: Buffer): ImageReading {
  const format = bytes.subarray(0, 8).equals(PNG_SIGNATURE) ? 'png' : bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff ? 'jpeg' : null;
  if (!format) return { format, complete: false, document: null };
  const complete = format === 'png' ? bytes.subarray(-12).includes('IEND') : bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
  return { format, complete, document: markedDocument(bytes) };
}
