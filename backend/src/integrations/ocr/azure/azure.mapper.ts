import type { AnalyzeResultOutput, DocumentFieldOutput } from '@azure-rest/ai-document-intelligence';
import { findMrzLines, normaliseCountry, normaliseDocumentNumber, normaliseName, normaliseSex, type PictureReading } from '../id-reading.js';
import type { IdField, IdFieldName } from '../ocr.port.js';

/**
 * prebuilt-idDocument's first document in our terms. Its fields carry typed values (`valueDate`
 * `YYYY-MM-DD`, `valueCountryRegion` ISO alpha-3) and 0–1 confidences; the MRZ comes as the
 * `MachineReadableZone` object whose `content` is the zone as printed. Azure parses the MRZ but
 * gives no check-digit verdict, so its lines go to finishExtraction like every provider's.
 */
export type AzureReading = PictureReading;

const textOf = (field: DocumentFieldOutput | undefined) => field?.valueString ?? field?.content;
const confidenceOf = (...fields: Array<DocumentFieldOutput | undefined>) => Math.min(...fields.map((field) => field?.confidence ?? 0));

export function readAnalyzeResult(result: AnalyzeResultOutput | undefined): AzureReading {
  const fields = result?.documents?.[0]?.fields ?? {};
  const visual: Partial<Record<IdFieldName, IdField>> = {};
  const put = (name: IdFieldName, value: string | undefined, confidence: number) => {
    if (value) visual[name] = { value, confidence, source: 'visual' };
  };
  const given = [fields.FirstName, fields.MiddleName].filter((field) => textOf(field));
  put('givenNames', normaliseName(given.map(textOf).join(' ')), confidenceOf(...given));
  put('surname', normaliseName(textOf(fields.LastName) ?? ''), confidenceOf(fields.LastName));
  put('documentNumber', normaliseDocumentNumber(textOf(fields.DocumentNumber) ?? ''), confidenceOf(fields.DocumentNumber));
  put('dateOfBirth', fields.DateOfBirth?.valueDate, confidenceOf(fields.DateOfBirth));
  put('dateOfExpiry', fields.DateOfExpiration?.valueDate, confidenceOf(fields.DateOfExpiration));
  put('sex', normaliseSex(textOf(fields.Sex) ?? ''), confidenceOf(fields.Sex));
  for (const [key, name] of [['Nationality', 'nationality'], ['CountryRegion', 'issuingCountry']] as const) {
    const country = fields[key]?.valueCountryRegion;
    put(name, country && normaliseCountry(country), confidenceOf(fields[key]));
  }
  const zone = fields.MachineReadableZone;
  const mrzLines = zone?.content ? findMrzLines(zone.content) : undefined;
  return { visual, ...(mrzLines ? { mrzLines, mrzConfidence: confidenceOf(zone) } : {}) };
}
