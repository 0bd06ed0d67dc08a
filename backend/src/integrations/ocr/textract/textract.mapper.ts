import type { IdentityDocument } from '@aws-sdk/client-textract';
import { findMrzLines, mergeFields, normaliseDocumentNumber, normaliseName } from '../id-reading.js';
import type { IdField, IdFieldName } from '../ocr.port.js';

/**
 * AnalyzeID's answer in our terms. It reports its normalised keys for every page, empty ones as
 * `Text: ""`, confidences 0–100, dates also as `NormalizedValue` (`YYYY-MM-DDT00:00:00`). It has
 * no nationality, issuing country or sex: outside the US it reads passports only in part, and the
 * MRZ (`MRZ_CODE`) carries the rest.
 */

export interface TextractReading {
  visual: Partial<Record<IdFieldName, IdField>>;
  mrzLines?: string[];
  mrzConfidence?: number;
}

interface Detection {
  text: string;
  date?: string;
  confidence: number;
}

const toUnit = (confidence: number | undefined) => Math.min(1, Math.max(0, (confidence ?? 0) / 100));

function detections(document: IdentityDocument): Map<string, Detection> {
  const found = new Map<string, Detection>();
  for (const field of document.IdentityDocumentFields ?? []) {
    const key = field.Type?.Text;
    const text = field.ValueDetection?.Text?.trim();
    if (!key || !text) continue;
    const normalized = field.ValueDetection?.NormalizedValue;
    const date = normalized?.ValueType === 'DATE' && normalized.Value ? normalized.Value.slice(0, 10) : undefined;
    found.set(key, { text, ...(date ? { date } : {}), confidence: toUnit(field.ValueDetection?.Confidence) });
  }
  return found;
}

function readPage(document: IdentityDocument): TextractReading {
  const found = detections(document);
  const visual: Partial<Record<IdFieldName, IdField>> = {};
  const put = (name: IdFieldName, value: string | undefined, confidence: number) => {
    if (value) visual[name] = { value, confidence, source: 'visual' };
  };
  const [first, middle, last] = [found.get('FIRST_NAME'), found.get('MIDDLE_NAME'), found.get('LAST_NAME')];
  const given = [first, middle].filter((part) => part !== undefined);
  put('givenNames', normaliseName(given.map((part) => part.text).join(' ')), Math.min(...given.map((part) => part.confidence)));
  if (last) put('surname', normaliseName(last.text), last.confidence);
  const number = found.get('DOCUMENT_NUMBER');
  if (number) put('documentNumber', normaliseDocumentNumber(number.text), number.confidence);
  // Only the normalised dates: the printed ones come in every national format.
  for (const [key, name] of [['DATE_OF_BIRTH', 'dateOfBirth'], ['EXPIRATION_DATE', 'dateOfExpiry']] as const) {
    const date = found.get(key);
    if (date?.date) put(name, date.date, date.confidence);
  }
  const mrz = found.get('MRZ_CODE');
  const mrzLines = mrz ? findMrzLines(mrz.text) : undefined;
  return { visual, ...(mrzLines ? { mrzLines, mrzConfidence: mrz!.confidence } : {}) };
}

/** Every page's reading (front and back), each field as read most surely, the first MRZ found. */
export function readIdentityDocuments(documents: IdentityDocument[]): TextractReading {
  const pages = documents.map(readPage);
  const withMrz = pages.find((page) => page.mrzLines);
  return { visual: mergeFields(pages.map((page) => page.visual)), ...(withMrz ? { mrzLines: withMrz.mrzLines!, mrzConfidence: withMrz.mrzConfidence! } : {}) };
}
