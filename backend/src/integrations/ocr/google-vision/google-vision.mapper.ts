import type { protos } from '@google-cloud/vision';
import { findMrzLines, mrzDate, normaliseDocumentNumber, normaliseName, normaliseSex, type PictureReading } from '../id-reading.js';
import type { IdField, IdFieldName } from '../ocr.port.js';

/**
 * Google Vision's text detection in our terms. Vision reads text and nothing more: no ID fields.
 * The lines are rebuilt from `fullTextAnnotation` (words, and the break after each) so that each
 * line keeps the lowest confidence of its words; then the MRZ is found among them and the printed
 * (visual) zone is read by its labels, so finishExtraction can check one against the other.
 *
 * Labels: a data page prints each label above its value, often in several languages separated by
 * `/` ("Name/Surname/Nom", "Pass-Nr./Passport No./Passeport N°"); a US driving licence prints an
 * AAMVA code and the value on one line ("DOB 08/31/1977"). A label line whose parts include a known
 * label names the field of the next line; a line that starts with a known label carries its value.
 */

type TextAnnotation = protos.google.cloud.vision.v1.ITextAnnotation;
type BreakType = protos.google.cloud.vision.v1.TextAnnotation.DetectedBreak.BreakType;

interface Line {
  text: string;
  confidence: number;
}

/** Break types by name or by proto number (the REST transport may hand either). */
const SPACE_BREAKS = new Set<unknown>(['SPACE', 'SURE_SPACE', 1, 2]);
const LINE_BREAKS = new Set<unknown>(['EOL_SURE_SPACE', 'LINE_BREAK', 'HYPHEN', 3, 4, 5]);

/** The page's lines in reading order, each with the lowest confidence of its words. */
export function linesOf(annotation: TextAnnotation | null | undefined): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  const end = () => {
    if (current && current.text.trim()) lines.push({ text: current.text.trim(), confidence: current.confidence });
    current = null;
  };
  for (const page of annotation?.pages ?? []) {
    for (const block of page.blocks ?? []) {
      for (const paragraph of block.paragraphs ?? []) {
        for (const word of paragraph.words ?? []) {
          const symbols = word.symbols ?? [];
          current ??= { text: '', confidence: 1 };
          current.text += symbols.map((symbol) => symbol.text ?? '').join('');
          current.confidence = Math.min(current.confidence, word.confidence ?? 0);
          const type: BreakType | keyof typeof protos.google.cloud.vision.v1.TextAnnotation.DetectedBreak.BreakType | null | undefined = symbols.at(-1)?.property?.detectedBreak?.type;
          if (SPACE_BREAKS.has(type)) current.text += ' ';
          else if (LINE_BREAKS.has(type)) end();
        }
        end();
      }
    }
  }
  return lines;
}

/** Each field's labels, in the languages the documents we meet print them; matched against a whole `/`-separated part. */
const LABELS: Array<[IdFieldName, RegExp]> = [
  ['surname', /^(surname|last name|family name|nom|cognome|apellidos|ln)$/i],
  ['givenNames', /^(given names?|first names?|forenames?|prénoms?|vornamen|nome|nombres?|fn)$/i],
  ['documentNumber', /^(passport no|passport number|document no|document number|card no|pass-nr|dl|lic(ence|ense) no)$/i],
  ['dateOfBirth', /^(date of birth|place and date of birth|birth date|geburtstag|dob)$/i],
  ['dateOfExpiry', /^(date of expiry|expiry date|expiry|expiration date|valid until|gültig bis|scadenza|exp)$/i],
  ['sex', /^(sex|sexe|geschlecht|sesso)$/i],
];

/** A label part as printed, without a field number ("(4)") or closing punctuation. */
const labelPart = (part: string) => part.replace(/\(\d+\)/g, '').replace(/[.:°]+$/, '').replace(/\s+N$/, '').trim();

function labelOf(line: string): IdFieldName | undefined {
  const parts = line.split('/').map(labelPart);
  return LABELS.find(([, pattern]) => parts.some((part) => pattern.test(part)))?.[0];
}

function labelAndValue(line: string): [IdFieldName, string] | undefined {
  for (const [field, pattern] of LABELS) {
    const match = new RegExp(`^(?:${pattern.source.slice(1, -1)})[:\\s]\\s*(.+)$`, 'i').exec(line);
    if (match) return [field, match.at(-1)!];
  }
  return undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/**
 * A printed date as `YYYY-MM-DD`: `31.10.2035`, `31 10 2035`, `30 JUN 2021` (or `30 JUN/JUIN 21`),
 * `08/31/2031`. Slashed dates are read month first where the page is American (AAMVA prints
 * MM/DD/YYYY), day first elsewhere, unless a number above 12 says which is which.
 */
export function printedDate(value: string, kind: 'birth' | 'expiry', today: string, monthFirst: boolean): string | undefined {
  const named = /(\d{1,2})\s+(\p{L}{3})\p{L}*(?:\s*\/\s*\p{L}+)?\s+(\d{4}|\d{2})\b/iu.exec(value);
  const numeric = /(\d{1,2})([./\s-])(\d{1,2})\2(\d{4}|\d{2})\b/.exec(value);
  let day: number, month: number, year: string;
  if (named) {
    [day, month, year] = [Number(named[1]), MONTHS.indexOf(named[2]!.toUpperCase()) + 1, named[3]!];
    if (month === 0) return undefined;
  } else if (numeric) {
    const [a, b] = [Number(numeric[1]), Number(numeric[3])];
    const swap = numeric[2] === '/' && (b > 12 || (monthFirst && a <= 12));
    [day, month, year] = swap ? [b, a, numeric[4]!] : [a, b, numeric[4]!];
  } else return undefined;
  const yymmdd = `${year.slice(-2)}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  const iso = mrzDate(yymmdd, kind, today);
  // A four-digit year is printed in full: keep its century.
  return iso && year.length === 4 ? `${year}${iso.slice(4)}` : iso;
}

/** The labelled printed fields of the page. */
function visualFields(lines: Line[], today: string): Partial<Record<IdFieldName, IdField>> {
  const monthFirst = lines.some((line) => /\bUSA\b/.test(line.text));
  const fields: Partial<Record<IdFieldName, IdField>> = {};
  const read = (field: IdFieldName, raw: string): string | undefined => {
    switch (field) {
      case 'surname':
      case 'givenNames':
        return /\d/.test(raw) ? undefined : normaliseName(raw) || undefined;
      case 'documentNumber':
        return /^[A-Z0-9<\s-]{5,}$/i.test(raw) ? normaliseDocumentNumber(raw) : undefined;
      case 'dateOfBirth':
        return printedDate(raw, 'birth', today, monthFirst);
      case 'dateOfExpiry':
        return printedDate(raw, 'expiry', today, monthFirst);
      case 'sex':
        return normaliseSex(raw.split('/')[0]!);
      default:
        return undefined;
    }
  };
  lines.forEach((line, i) => {
    const inline = labelAndValue(line.text);
    const label = inline ? undefined : labelOf(line.text);
    const next = lines[i + 1];
    // The value sits under its label, unless the next line is itself a label (the value was not legible).
    const [field, raw, confidence] = inline ? [inline[0], inline[1], line.confidence] : label && next && !labelOf(next.text) ? [label, next.text, next.confidence] : [];
    if (!field || fields[field]) return;
    const value = read(field, raw!);
    if (value) fields[field] = { value, confidence: confidence!, source: 'visual' };
  });
  return fields;
}

/** One image's text detection: the printed fields and the MRZ, if any. */
export function readTextDetection(annotation: TextAnnotation | null | undefined, today: string): PictureReading & { lines: number } {
  const lines = linesOf(annotation);
  const mrzLines = findMrzLines(lines.map((line) => line.text).join('\n'));
  if (!mrzLines) return { lines: lines.length, visual: visualFields(lines, today) };
  // The MRZ lines as findMrzLines spelt them; a line it changed beyond that counts as read unsurely.
  const zone = lines.filter((line) => mrzLines.includes(line.text.replace(/[«‹]/g, '<').replace(/\s+/g, '').toUpperCase()));
  return { lines: lines.length, visual: visualFields(lines, today), mrzLines, mrzConfidence: zone.length === mrzLines.length ? Math.min(...zone.map((line) => line.confidence)) : 0 };
}
