import { ID_DOCUMENTS, readImage, type IdDocument } from '../../../../../mocks/shared/id-documents.js';
import { AppError } from '../../../lib/errors.js';
import { finishExtraction, mergeFields, normaliseCountry, normaliseDocumentNumber, normaliseName, normaliseSex, refuseDocument } from '../id-reading.js';
import type { IdField, IdFieldName, IdImage, OcrPort } from '../ocr.port.js';

/**
 * The in-process OCR double for unit tests: no network, the same answer for the same picture. Like
 * the Textract and Azure mock servers it cannot read images: a picture names its document by the
 * marker `innkeeper-id:<id>` in its metadata, and the documents are the mock servers' own
 * (mocks/shared/id-documents.ts, imported as mock-pms imports the demo stays), so one picture reads
 * as the same person here and at every vendor mock. mocks/shared/fixture-images.ts makes such pictures.
 */
export interface MockOcr extends OcrPort {
  /** The next `count` reads fail as a vendor outage would (`integration_unavailable`). */
  failNext(count?: number): void;
  /** The next read never answers; it ends only when its signal aborts. */
  hangNext(): void;
}

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
  const { format, complete, document } = readImage(Buffer.from(image.bytes));
  if (!format) throw refuseDocument('unsupported_format');
  if (!complete) throw refuseDocument('unreadable');
  const marked: IdDocument | undefined = document ? ID_DOCUMENTS[document] : undefined;
  if (marked?.unreadable) throw refuseDocument('unreadable');
  return marked;
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
