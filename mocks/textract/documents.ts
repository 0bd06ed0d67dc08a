import { createHash } from 'node:crypto';
import { ID_DOCUMENTS, readImage, type IdDocument, type PrintedDate } from '../shared/id-documents.js';
import { badDocument, unsupportedDocument } from './errors.js';

/**
 * What AnalyzeID "reads" on an identity document. The mock cannot read images: each page names its
 * document by a marker in its metadata (mocks/shared/id-documents.ts, which also holds the person
 * data), and this file turns that document into AnalyzeID's fields. README.md tables the fixtures.
 * A PNG or JPEG without a marker AnalyzeID knows reads as a page with no identity document on it
 * (every field empty).
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

type FieldValue = string | PrintedDate;

interface FixtureDocument {
  fields: Partial<Record<FieldKey, FieldValue>>;
  /** Confidence of the values read, 0–100 as Textract reports it; empty fields get 99 (sure there is nothing). */
  confidence: number;
}

/**
 * The documents AnalyzeID knows: passports and driver's licences (its `ID_TYPE` values). A
 * national identity card is outside its scope, so that picture reads as a page without a document.
 */
export const TEXTRACT_DOCUMENTS = ['passport-deu', 'driver-license-us', 'passport-expired', 'passport-bad-check-digit', 'passport-blurry', 'unreadable'] as const;
export type FixtureId = (typeof TEXTRACT_DOCUMENTS)[number];
const isFixtureId = (id: string): id is FixtureId => (TEXTRACT_DOCUMENTS as readonly string[]).includes(id);

/**
 * Outside the US AnalyzeID reads documents only in part: for the German passport it leaves place
 * of birth and date of issue empty, and the MRZ carries the rest.
 */
const NOT_READ: Partial<Record<FixtureId, readonly FieldKey[]>> = { 'passport-deu': ['PLACE_OF_BIRTH', 'DATE_OF_ISSUE'] };

/** A document as AnalyzeID reads it: its normalised keys, minus what it fails to read. */
function textractReading(id: FixtureId): FixtureDocument {
  const d: IdDocument = ID_DOCUMENTS[id];
  if (d.unreadable) return { confidence: 0, fields: {} };
  const fields: Partial<Record<FieldKey, FieldValue | undefined>> = {
    FIRST_NAME: d.firstName,
    LAST_NAME: d.lastName,
    MIDDLE_NAME: d.middleName,
    CITY_IN_ADDRESS: d.licence?.city,
    ZIP_CODE_IN_ADDRESS: d.licence?.postalCode,
    STATE_IN_ADDRESS: d.licence?.state,
    STATE_NAME: d.licence?.stateName,
    DOCUMENT_NUMBER: d.documentNumber,
    EXPIRATION_DATE: d.dateOfExpiration,
    DATE_OF_BIRTH: d.illegible?.includes('dateOfBirth') ? undefined : d.dateOfBirth,
    DATE_OF_ISSUE: d.dateOfIssue,
    ID_TYPE: d.kind === 'passport' ? 'PASSPORT' : 'DRIVER LICENSE FRONT',
    ENDORSEMENTS: d.licence?.endorsements,
    RESTRICTIONS: d.licence?.restrictions,
    CLASS: d.licence?.class,
    ADDRESS: d.licence?.street,
    COUNTY: d.licence?.county,
    PLACE_OF_BIRTH: d.placeOfBirth,
    MRZ_CODE: d.mrz,
  };
  for (const key of NOT_READ[id] ?? []) delete fields[key];
  const read = Object.entries(fields).filter((entry): entry is [FieldKey, FieldValue] => entry[1] !== undefined);
  return { confidence: Math.round(d.legibility * 1000) / 10, fields: Object.fromEntries(read) };
}

export interface PageReading {
  format: 'png' | 'jpeg';
  /** The fixture the marker names; null for an image without a marker AnalyzeID knows. */
  fixture: FixtureId | null;
}

/**
 * What the page's bytes are: only PNG and JPEG are accepted (AnalyzeID's formats), and an image
 * cut short (no PNG IEND chunk, no JPEG end-of-image marker) cannot be read.
 */
export function readPage(bytes: Buffer): PageReading {
  const { format, complete, document } = readImage(bytes);
  if (!format) throw unsupportedDocument();
  if (!complete) throw badDocument();
  const fixture = document && isFixtureId(document) ? document : null;
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
  const document: FixtureDocument = reading.fixture ? textractReading(reading.fixture) : { confidence: 0, fields: {} };
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
