import { AppError } from '../../../lib/errors.js';
import { finishExtraction, mergeFields, normaliseCountry, normaliseDocumentNumber, normaliseName, normaliseSex, refuseDocument } from '../id-reading.js';
import type { IdField, IdFieldName, IdImage, OcrPort } from '../ocr.port.js';
import markedDocuments from './id-documents.json' with { type: 'json' };

/**
 * The in-process OCR double for unit tests: no network, the same answer for the same picture. Like
 * the Textract and Azure mock servers it cannot read images: a picture names its document by the
 * marker `innkeeper-id:<id>` in its metadata. Its documents (id-documents.json) are a copy of the
 * mock servers' (mocks/shared/id-documents.ts; a test keeps the two equal), so one picture reads as
 * the same person here and at every vendor mock, and the API imports nothing from mocks/.
 * mocks/shared/fixture-images.ts makes such pictures.
 */
export interface MockOcr extends OcrPort {
  /** The next `count` reads fail as a vendor outage would (`integration_unavailable`). */
  failNext(count?: number): void;
  /** The next read never answers; it ends only when its signal aborts. */
  hangNext(): void;
}

/** A document as the mocks describe it: printed dates as `[as printed, YYYY-MM-DD]`. */
interface IdDocument {
  country: string;
  firstName: string;
  lastName: string;
  middleName?: string;
  documentNumber: string;
  dateOfBirth: readonly string[];
  dateOfExpiration: readonly string[];
  sex?: string;
  nationality?: string;
  /** The machine-readable zone, lines joined by `\n`. */
  mrz?: string;
  /** How well the picture reads, 0–1. */
  legibility: number;
  illegible?: readonly string[];
  unreadable?: boolean;
}

const ID_DOCUMENTS: Readonly<Record<string, IdDocument>> = markedDocuments;
const MARKER = /innkeeper-id:([a-z0-9-]+)/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Longest first: a PNG text chunk's CRC after the marker may read as letters that extend a shorter id. */
const IDS_LONGEST_FIRST = Object.keys(ID_DOCUMENTS).sort((a, b) => b.length - a.length);

/** What the marked document shows in its printed zone, normalised; at the picture's legibility. */
function printedFields(document: IdDocument): Partial<Record<IdFieldName, IdField>> {
  const read = (value: string | undefined): IdField | undefined => (value ? { value, confidence: document.legibility, source: 'visual' } : undefined);
  const fields: Partial<Record<IdFieldName, IdField | undefined>> = {
    surname: read(normaliseName(document.lastName)),
    givenNames: read(normaliseName([document.firstName, document.middleName].filter(Boolean).join(' '))),
    documentNumber: read(normaliseDocumentNumber(document.documentNumber)),
    dateOfBirth: document.illegible?.includes('dateOfBirth') ? undefined : read(document.dateOfBirth[1]),
    dateOfExpiry: read(document.dateOfExpiration[1]),
    sex: read(document.sex && normaliseSex(document.sex)),
    nationality: read(document.nationality && normaliseCountry(document.nationality)),
    issuingCountry: read(normaliseCountry(document.country)),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, field]) => field !== undefined));
}

function documentOf(image: IdImage): IdDocument | undefined {
  const bytes = Buffer.from(image.bytes);
  const format = bytes.subarray(0, 8).equals(PNG_SIGNATURE) ? 'png' : bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff ? 'jpeg' : null;
  if (!format) throw refuseDocument('unsupported_format');
  const complete = format === 'png' ? bytes.subarray(-12).includes('IEND') : bytes.at(-2) === 0xff && bytes.at(-1) === 0xd9;
  if (!complete) throw refuseDocument('unreadable');
  const marked = MARKER.exec(bytes.toString('latin1'))?.[1];
  const id = marked && IDS_LONGEST_FIRST.find((candidate) => marked.startsWith(candidate));
  const document = id ? ID_DOCUMENTS[id] : undefined;
  if (document?.unreadable) throw refuseDocument('unreadable');
  return document;
}

export function createMockOcr(): MockOcr {
  let failures = 0;
  let hang = false;
  return {
    async healthCheck() {
      if (failures > 0) throw new AppError('integration_unavailable', 'The OCR test double is failing on purpose.');
    },
    async extract(input, options = {}) {
      options.signal?.throwIfAborted();
      if (hang) {
        hang = false;
        await new Promise((_resolve, reject) => options.signal?.addEventListener('abort', () => reject(options.signal!.reason), { once: true }));
      }
      if (failures > 0) {
        failures -= 1;
        throw new AppError('integration_unavailable', 'The OCR test double is failing on purpose.');
      }
      const documents = input.images.map(documentOf).filter((document) => document !== undefined);
      const mrz = documents.find((document) => document.mrz);
      return finishExtraction({
        provider: 'mock',
        kind: input.kind,
        today: input.today,
        visual: mergeFields(documents.map(printedFields)),
        ...(mrz ? { mrzLines: mrz.mrz!.split('\n'), mrzConfidence: mrz.legibility } : {}),
      });
    },
    failNext(count = 1) {
      failures = count;
    },
    hangNext() {
      hang = true;
    },
  };
}
