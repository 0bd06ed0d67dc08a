import { createHash } from 'node:crypto';
import { badDocument, unsupportedDocument } from './errors.js';

/**
 * What the mock "reads" on an identity document. It cannot read images, so each page's answer is
 * chosen by a marker in the image's metadata: the text `innkeeper-textract:<fixture id>` in a PNG
 * text chunk or a JPEG comment (ImageMagick: `convert in.png -set comment innkeeper-textract:passport-deu out.png`;
 * fixture-images.ts makes such images in code). README.md tables the fixtures. A PNG or JPEG
 * without a known marker reads as a page with no identity document on it (every field empty).
 *
 * Person data is invented, in the style of the specimens governments print (ERIKA MUSTERMANN).
 */

/** The normalised keys AnalyzeID reports for every document, in the order it lists them. */
export const FIELD_KEYS = [
  'FIRST_NAME',
  'LAST_NAME',
  'MIDDLE_NAME',
  'SUFFIX',
  'CITY_IN_ADDRESS',
  'ZIP_CODE_IN_ADDRESS',
  'STATE_IN_ADDRESS',
  'STATE_NAME',
  'DOCUMENT_NUMBER',
  'EXPIRATION_DATE',
  'DATE_OF_BIRTH',
  'DATE_OF_ISSUE',
  'ID_TYPE',
  'ENDORSEMENTS',
  'VETERAN',
  'RESTRICTIONS',
  'CLASS',
  'ADDRESS',
  'COUNTY',
  'PLACE_OF_BIRTH',
  'MRZ_CODE',
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

/** A printed date and the calendar date it stands for (`YYYY-MM-DD`). */
type DateValue = readonly [text: string, iso: string];
type FieldValue = string | DateValue;

interface FixtureDocument {
  fields: Partial<Record<FieldKey, FieldValue>>;
  /** Confidence of the values read, 0–100 as Textract reports it; empty fields get 99 (sure there is nothing). */
  confidence: number;
}

const MRZ_WEIGHTS = [7, 3, 1];
const mrzValue = (c: string) => (c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
const checkDigit = (text: string) => String([...text].reduce((sum, c, i) => sum + mrzValue(c) * MRZ_WEIGHTS[i % 3]!, 0) % 10);
const pad = (text: string, length: number) => text.padEnd(length, '<');

interface PassportMrz {
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

/** The two 44-character lines of a passport (ICAO 9303 TD3), check digits computed, joined by a newline as Textract returns MRZ_CODE. */
function passportMrz(p: PassportMrz): string {
  const name = `${p.surname.replace(/ /g, '<')}<<${p.givenNames.replace(/ /g, '<')}`;
  const line1 = pad(`P<${pad(p.state, 3)}${name}`, 44);
  const documentNumber = pad(p.documentNumber, 9);
  const documentPart = `${documentNumber}${p.wrongDocumentCheckDigit ?? checkDigit(documentNumber)}`;
  const birthPart = `${p.birth}${checkDigit(p.birth)}`;
  const expiryPart = `${p.expiry}${checkDigit(p.expiry)}`;
  const personalPart = `${pad('', 14)}<`;
  const composite = checkDigit(`${documentNumber}${checkDigit(documentNumber)}${birthPart}${expiryPart}${personalPart}`);
  return `${line1}\n${documentPart}${pad(p.nationality, 3)}${birthPart}${p.sex}${expiryPart}${personalPart}${composite}`;
}

export const FIXTURES = {
  /** A German passport: read only in part, as AnalyzeID does outside the US; the MRZ carries the rest. */
  'passport-deu': {
    confidence: 88.4,
    fields: {
      FIRST_NAME: 'ERIKA',
      LAST_NAME: 'MUSTERMANN',
      DOCUMENT_NUMBER: 'C4J7R2K95',
      EXPIRATION_DATE: ['31.10.2035', '2035-10-31'],
      DATE_OF_BIRTH: ['12.08.1983', '1983-08-12'],
      ID_TYPE: 'PASSPORT',
      MRZ_CODE: passportMrz({ state: 'D', surname: 'MUSTERMANN', givenNames: 'ERIKA', documentNumber: 'C4J7R2K95', nationality: 'D', birth: '830812', sex: 'F', expiry: '351031' }),
    },
  },
  /** A US driver's licence, front: every field AnalyzeID knows for one. */
  'driver-license-us': {
    confidence: 97.6,
    fields: {
      FIRST_NAME: 'IMA',
      LAST_NAME: 'CARDHOLDER',
      MIDDLE_NAME: 'SPECIMEN',
      CITY_IN_ADDRESS: 'SACRAMENTO',
      ZIP_CODE_IN_ADDRESS: '95818',
      STATE_IN_ADDRESS: 'CA',
      STATE_NAME: 'CALIFORNIA',
      DOCUMENT_NUMBER: 'I7654321',
      EXPIRATION_DATE: ['08/31/2031', '2031-08-31'],
      DATE_OF_BIRTH: ['08/31/1977', '1977-08-31'],
      DATE_OF_ISSUE: ['08/31/2023', '2023-08-31'],
      ID_TYPE: 'DRIVER LICENSE FRONT',
      ENDORSEMENTS: 'NONE',
      RESTRICTIONS: 'NONE',
      CLASS: 'C',
      ADDRESS: '1234 SPECIMEN AVE',
      COUNTY: 'SACRAMENTO',
    },
  },
  /** A British passport that expired in 2021, MRZ valid. */
  'passport-expired': {
    confidence: 95.2,
    fields: {
      FIRST_NAME: 'ANGELA ZOE',
      LAST_NAME: 'UK SPECIMEN',
      DOCUMENT_NUMBER: '925076473',
      EXPIRATION_DATE: ['30 JUN 2021', '2021-06-30'],
      DATE_OF_BIRTH: ['04 DEC 1988', '1988-12-04'],
      DATE_OF_ISSUE: ['30 JUN 2011', '2011-06-30'],
      ID_TYPE: 'PASSPORT',
      PLACE_OF_BIRTH: 'CROYDON',
      MRZ_CODE: passportMrz({ state: 'GBR', surname: 'UK SPECIMEN', givenNames: 'ANGELA ZOE', documentNumber: '925076473', nationality: 'GBR', birth: '881204', sex: 'F', expiry: '210630' }),
    },
  },
  /** An Austrian passport whose MRZ document-number check digit is wrong (a misread or a forgery). */
  'passport-bad-check-digit': {
    confidence: 93.1,
    fields: {
      FIRST_NAME: 'MAXIMA',
      LAST_NAME: 'MUSTERFRAU',
      DOCUMENT_NUMBER: 'P1234567',
      EXPIRATION_DATE: ['14.03.2033', '2033-03-14'],
      DATE_OF_BIRTH: ['01.02.1990', '1990-02-01'],
      ID_TYPE: 'PASSPORT',
      MRZ_CODE: passportMrz({
        state: 'AUT',
        surname: 'MUSTERFRAU',
        givenNames: 'MAXIMA',
        documentNumber: 'P1234567',
        nationality: 'AUT',
        birth: '900201',
        sex: 'F',
        expiry: '330314',
        wrongDocumentCheckDigit: '0',
      }),
    },
  },
  /** A Dutch passport photographed out of focus: some fields missing, the rest at low confidence. */
  'passport-blurry': {
    confidence: 41.7,
    fields: {
      FIRST_NAME: 'WILLEKE LISELOTTE',
      LAST_NAME: 'DE BRUIJN',
      DOCUMENT_NUMBER: 'SPECI2024',
      EXPIRATION_DATE: ['02 AUG 2034', '2034-08-02'],
      ID_TYPE: 'PASSPORT',
      MRZ_CODE: passportMrz({ state: 'NLD', surname: 'DE BRUIJN', givenNames: 'WILLEKE LISELOTTE', documentNumber: 'SPECI2024', nationality: 'NLD', birth: '650310', sex: 'F', expiry: '340802' }),
    },
  },
  /** Too dark and cut off to read: BadDocumentException. */
  unreadable: { confidence: 0, fields: {} },
} satisfies Record<string, FixtureDocument>;

export type FixtureId = keyof typeof FIXTURES;
const isFixtureId = (id: string): id is FixtureId => Object.hasOwn(FIXTURES, id);

/** The text that names a fixture inside an image's metadata. */
export const fixtureMarker = (id: string) => `innkeeper-textract:${id}`;

const MARKER = /innkeeper-textract:([a-z0-9-]+)/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PageReading {
  format: 'png' | 'jpeg';
  /** The fixture the marker names; null for an image without a known marker. */
  fixture: FixtureId | null;
}

/**
 * What the page's bytes are: only PNG and JPEG are accepted (AnalyzeID's formats), and an image
 * cut short (no PNG IEND chunk, no JPEG end-of-image marker) cannot be read.
 */
export function readPage(bytes: Buffer): PageReading {
  const format = bytes.subarray(0, 8).equals(PNG_SIGNATURE) ? 'png' : bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff ? 'jpeg' : null;
  if (!format) throw unsupportedDocument();
  const complete = format === 'png' ? bytes.subarray(-12).includes('IEND') : bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
  if (!complete) throw badDocument();
  const marked = MARKER.exec(bytes.toString('latin1'))?.[1];
  const fixture = marked && isFixtureId(marked) ? marked : null;
  if (fixture === 'unreadable') throw badDocument();
  return { format, fixture };
}

/** Ids look like Textract's (UUIDs) and stay the same for the same page, so answers are repeatable. */
function blockId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const round = (n: number) => Math.round(n * 1e4) / 1e4;

function box(left: number, top: number, width: number, height: number) {
  const [l, t, w, h] = [left, top, width, height].map(round) as [number, number, number, number];
  return {
    BoundingBox: { Width: w, Height: h, Left: l, Top: t },
    Polygon: [
      { X: l, Y: t },
      { X: round(l + w), Y: t },
      { X: round(l + w), Y: round(t + h) },
      { X: l, Y: round(t + h) },
    ],
  };
}

/** Varies a fixture's confidence a little per field, as a real reading does, and stays within 0–100. */
const confidenceOf = (base: number, index: number) => Math.min(100, Math.max(0, round(base + ((index * 7) % 5) * 0.37 - 0.74)));

/**
 * The LINE and WORD blocks of the text on the page (each field's value on its own line, the MRZ as
 * its two lines), under one PAGE block, laid out top to bottom.
 */
function blocksOf(seed: string, lines: string[], confidence: number) {
  const lineHeight = 0.9 / Math.max(lines.length, 1);
  const lineBlocks = lines.map((text, i) => {
    const top = 0.05 + i * lineHeight;
    const width = Math.min(0.9, text.length * 0.02);
    const words = text.split(' ').filter(Boolean);
    let left = 0.05;
    const wordBlocks = words.map((word, j) => {
      const wordWidth = width * (word.length / text.replace(/ /g, '').length);
      const block = { BlockType: 'WORD', Confidence: confidenceOf(confidence, i + j), Text: word, TextType: 'PRINTED', Geometry: box(left, top, wordWidth, lineHeight * 0.6), Id: blockId(`${seed}:${i}:${j}`), Page: 1 };
      left += wordWidth + 0.01;
      return block;
    });
    const line = {
      BlockType: 'LINE',
      Confidence: confidenceOf(confidence, i),
      Text: text,
      Geometry: box(0.05, top, width, lineHeight * 0.6),
      Id: blockId(`${seed}:${i}`),
      Relationships: [{ Type: 'CHILD', Ids: wordBlocks.map((w) => w.Id) }],
      Page: 1,
    };
    return [line, ...wordBlocks];
  });
  const page = {
    BlockType: 'PAGE',
    Geometry: box(0, 0, 1, 1),
    Id: blockId(`${seed}:page`),
    Relationships: lines.length > 0 ? [{ Type: 'CHILD', Ids: lineBlocks.map(([line]) => line!.Id) }] : [],
    Page: 1,
  };
  return [page, ...lineBlocks.flat()];
}

const textOf = (value: FieldValue | undefined) => (value === undefined ? '' : typeof value === 'string' ? value : value[0]);

/** The `IdentityDocument` AnalyzeID returns for one page. */
export function identityDocument(documentIndex: number, reading: PageReading, pageBytes: Buffer) {
  const document: FixtureDocument = reading.fixture ? FIXTURES[reading.fixture] : { confidence: 0, fields: {} };
  const fields = FIELD_KEYS.map((key, i) => {
    const value = document.fields[key];
    const text = textOf(value);
    return {
      Type: { Text: key },
      ValueDetection: {
        Text: text,
        ...(typeof value === 'object' ? { NormalizedValue: { Value: `${value[1]}T00:00:00`, ValueType: 'DATE' } } : {}),
        Confidence: text === '' ? (reading.fixture ? 99 : 0) : confidenceOf(document.confidence, i),
      },
    };
  });
  const lines = FIELD_KEYS.filter((key) => key !== 'MRZ_CODE')
    .map((key) => textOf(document.fields[key]))
    .filter(Boolean);
  const mrz = textOf(document.fields.MRZ_CODE);
  const seed = createHash('sha256').update(pageBytes).digest('hex');
  return { DocumentIndex: documentIndex, IdentityDocumentFields: fields, Blocks: blocksOf(seed, mrz ? [...lines, ...mrz.split('\n')] : lines, document.confidence) };
}
