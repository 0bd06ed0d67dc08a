import { parse as parseMrz } from 'mrz';
import { AppError } from '../../lib/errors.js';
import { LOW_CONFIDENCE, type IdDocumentKind, type IdExtraction, type IdField, type IdFieldName, type IdMrz, type IdWarning } from './ocr.port.js';

/**
 * What every OCR provider shares after its vendor has answered: reading an MRZ (ICAO 9303, with the
 * `mrz` package's check digits), finding MRZ lines in plain OCR text, normalising fields, and the
 * warnings a front desk needs (expired, check digit failed, MRZ and printed zone disagreeing,
 * low confidence). Providers hand over what they read; `finishExtraction` decides the rest, so every
 * provider flags the same document the same way.
 */

/** ICAO codes that are not ISO 3166-1 alpha-3 (ICAO 9303 part 3 §5). */
const ICAO_TO_ISO: Record<string, string> = { D: 'DEU', GBD: 'GBR', GBN: 'GBR', GBO: 'GBR', GBP: 'GBR', GBS: 'GBR' };

export const normaliseCountry = (code: string) => {
  const trimmed = code.replace(/</g, '').trim().toUpperCase();
  return ICAO_TO_ISO[trimmed] ?? trimmed;
};

/** Capitals, single spaces, MRZ fillers read as spaces, accents kept off (MRZ transliterates them). */
export const normaliseName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/</g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();

export const normaliseDocumentNumber = (value: string) => value.replace(/[<\s-]/g, '').toUpperCase();

export function normaliseSex(value: string): string | undefined {
  const first = value.trim().toUpperCase()[0];
  if (first === 'F' || first === 'W') return 'F';
  if (first === 'M') return 'M';
  if (first === 'X' || first === '<') return 'X';
  return undefined;
}

/**
 * An MRZ date (YYMMDD) as `YYYY-MM-DD`. Birth dates are never in the future; expiry dates may be
 * up to 20 years ahead (ICAO's longest validity is 10, driving licences reach 15).
 */
export function mrzDate(yymmdd: string, kind: 'birth' | 'expiry', today: string): string | undefined {
  if (!/^\d{6}$/.test(yymmdd)) return undefined;
  const [yy, mm, dd] = [Number(yymmdd.slice(0, 2)), yymmdd.slice(2, 4), yymmdd.slice(4, 6)];
  const year = Number(today.slice(0, 4));
  const limit = kind === 'birth' ? year : year + 20;
  const century = Math.floor(limit / 100) * 100;
  const candidate = century + yy > limit ? century - 100 + yy : century + yy;
  const iso = `${candidate}-${mm}-${dd}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return undefined;
  if (kind === 'birth' && iso > today) return `${candidate - 100}-${mm}-${dd}`;
  return iso;
}

const MRZ_LINE = /^[A-Z0-9<]{28,46}$/;
const SHAPES: Array<{ format: IdMrz['format']; lines: number; length: number }> = [
  { format: 'TD3', lines: 2, length: 44 },
  { format: 'TD2', lines: 2, length: 36 },
  { format: 'TD1', lines: 3, length: 30 },
];

/**
 * The MRZ lines in a page of OCR text, or undefined: consecutive lines of MRZ characters of one of
 * the ICAO lengths (spaces an engine put inside a line are dropped; `«` and `‹` read as `<`).
 */
export function findMrzLines(text: string): string[] | undefined {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/[«‹]/g, '<').replace(/\s+/g, '').toUpperCase())
    .filter((line) => line.length > 0);
  for (let i = 0; i < lines.length; i += 1) {
    for (const shape of SHAPES) {
      const candidate = lines.slice(i, i + shape.lines);
      if (candidate.length === shape.lines && candidate.every((line) => line.length === shape.length && MRZ_LINE.test(line))) return candidate;
    }
  }
  return undefined;
}

export interface MrzReading {
  mrz: IdMrz;
  fields: Partial<Record<IdFieldName, IdField>>;
}

/** Reads MRZ lines; undefined when they are not an MRZ of a known shape. */
export function readMrz(lines: string[], confidence: number, today: string): MrzReading | undefined {
  let result: ReturnType<typeof parseMrz>;
  try {
    result = parseMrz(lines, { autocorrect: true });
  } catch {
    return undefined;
  }
  const format = SHAPES.find((shape) => shape.format === result.format)?.format;
  if (!format) return undefined;
  const raw = result.fields;
  const field = (value: string | null | undefined): IdField | undefined => (value ? { value, confidence, source: 'mrz' } : undefined);
  const fields: Partial<Record<IdFieldName, IdField | undefined>> = {
    surname: field(raw.lastName ? normaliseName(raw.lastName) : undefined),
    givenNames: field(raw.firstName ? normaliseName(raw.firstName) : undefined),
    documentNumber: field(raw.documentNumber ? normaliseDocumentNumber(raw.documentNumber) : undefined),
    nationality: field(raw.nationality ? normaliseCountry(raw.nationality) : undefined),
    issuingCountry: field(raw.issuingState ? normaliseCountry(raw.issuingState) : undefined),
    dateOfBirth: field(raw.birthDate ? mrzDate(raw.birthDate, 'birth', today) : undefined),
    dateOfExpiry: field(raw.expirationDate ? mrzDate(raw.expirationDate, 'expiry', today) : undefined),
    sex: field(raw.sex ? normaliseSex(raw.sex) : undefined),
  };
  return {
    mrz: { format, lines, valid: result.valid },
    fields: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
  };
}

/**
 * Fields read on several pages (front and back), or by several calls: each field as read with the
 * highest confidence.
 */
export function mergeFields(readings: Array<Partial<Record<IdFieldName, IdField>>>): Partial<Record<IdFieldName, IdField>> {
  const merged: Partial<Record<IdFieldName, IdField>> = {};
  for (const reading of readings) {
    for (const [name, field] of Object.entries(reading) as Array<[IdFieldName, IdField]>) {
      if (!merged[name] || merged[name].confidence < field.confidence) merged[name] = field;
    }
  }
  return merged;
}

/** Why a document was refused; every provider refuses with these words, so a guest reads the same advice whichever vendor looked. */
export type DocumentRefusal = 'unreadable' | 'no_document' | 'unsupported_format' | 'too_large';

const REFUSALS: Record<DocumentRefusal, string> = {
  unreadable: 'The document could not be read. Take the photo again in good light, with the whole document in the picture, in focus and without glare.',
  no_document:
    'No identity document was found in the picture. Photograph the page with your photo on it (for a passport, include the two lines of letters and chevrons at the bottom), or try another document.',
  unsupported_format: 'The picture must be a JPEG or PNG photo of the document.',
  too_large: 'The picture is too large. Take it again at a lower resolution (under 10 MB).',
};

/** A vendor's refusal of the document as the guest sees it: 422 naming the images. */
export const refuseDocument = (reason: DocumentRefusal) =>
  new AppError('upstream_rejected', REFUSALS[reason], { details: [{ field: 'images', message: REFUSALS[reason] }] });

/** Fields the MRZ and the printed zone both carry, compared after normalisation. */
const CROSS_CHECKED: IdFieldName[] = ['surname', 'givenNames', 'documentNumber', 'dateOfBirth', 'dateOfExpiry'];

/**
 * The one way a provider's reading becomes an `IdExtraction`. `visual` are the fields read from the
 * printed zone (already normalised); `mrzLines` the MRZ as read, if any. Where the MRZ was read and
 * its check digits hold, its values win (they are checked); otherwise the printed values do.
 * Nothing read at all is a refusal (`no_document`), not an empty extraction.
 */
export function finishExtraction(input: {
  provider: string;
  kind: IdDocumentKind;
  today: string;
  visual: Partial<Record<IdFieldName, IdField>>;
  mrzLines?: string[];
  mrzConfidence?: number;
}): IdExtraction {
  const warnings: IdWarning[] = [];
  const reading = input.mrzLines ? readMrz(input.mrzLines, input.mrzConfidence ?? 1, input.today) : undefined;
  if (!reading && input.kind !== 'driving_licence') warnings.push({ code: 'mrz_missing' });
  if (reading && !reading.mrz.valid) warnings.push({ code: 'mrz_check_digit_failed' });

  const fields: Partial<Record<IdFieldName, IdField>> = { ...input.visual };
  if (reading) {
    for (const [name, mrzField] of Object.entries(reading.fields) as Array<[IdFieldName, IdField]>) {
      const printed = input.visual[name];
      if (printed && CROSS_CHECKED.includes(name) && printed.value !== mrzField.value) warnings.push({ code: 'mrz_visual_mismatch', field: name });
      if (!printed || reading.mrz.valid) fields[name] = mrzField;
    }
  }
  for (const [name, value] of Object.entries(fields) as Array<[IdFieldName, IdField]>) {
    if (value.confidence < LOW_CONFIDENCE) warnings.push({ code: 'low_confidence', field: name });
  }
  if (Object.keys(fields).length === 0) throw refuseDocument('no_document');
  const expiry = fields.dateOfExpiry?.value;
  if (expiry && expiry < input.today) warnings.push({ code: 'expired_document', field: 'dateOfExpiry' });
  return { provider: input.provider, kind: input.kind, fields, ...(reading ? { mrz: reading.mrz } : {}), warnings };
}

/** What a provider read on one picture: the printed fields and, when it found one, the MRZ. */
export interface PictureReading {
  visual: Partial<Record<IdFieldName, IdField>>;
  mrzLines?: string[];
  mrzConfidence?: number;
}

/** finishExtraction for a document read picture by picture (front and back): each field as read most surely, the first MRZ found. */
export function finishReadings(input: { provider: string; kind: IdDocumentKind; today: string; readings: PictureReading[] }): IdExtraction {
  const withMrz = input.readings.find((reading) => reading.mrzLines);
  return finishExtraction({
    provider: input.provider,
    kind: input.kind,
    today: input.today,
    visual: mergeFields(input.readings.map((reading) => reading.visual)),
    ...(withMrz ? { mrzLines: withMrz.mrzLines!, mrzConfidence: withMrz.mrzConfidence ?? 0 } : {}),
  });
}
