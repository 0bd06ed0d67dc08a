import { ID_DOCUMENTS, type IdDocument, type IdDocumentId } from '../shared/id-documents.js';

/**
 * What Google's text detection "reads" on a picture: the printed text of the document its marker
 * names (mocks/shared/id-documents.ts), line by line in reading order, as a data page prints it: a
 * label line ("Surname", or "Name/Surname/Nom" on a German passport), the value on the line below,
 * the MRZ at the bottom; a US driving licence prints AAMVA codes and values on one line
 * ("DOB 08/31/1977"). Vision finds no ID fields: that is the reader's job. A value the picture does
 * not show (`illegible`) is missing under its label, as a blurred value comes back from Vision.
 *
 * The answer is an AnnotateImageResponse as Google sends it for TEXT_DETECTION and
 * DOCUMENT_TEXT_DETECTION: `textAnnotations` (the whole text first, then one entry per word) and
 * `fullTextAnnotation` (pages → blocks → paragraphs → words → symbols, each with a confidence, the
 * break after each word in its last symbol's `property.detectedBreak`, and `text`, whose lines end
 * in `\n`). A picture with no text gets `{}`, as Google answers.
 */

/** A nominal page size in pixels: the fixture pictures are tiny, the layout is invented. */
const PAGE = { width: 1400, height: 900 };
const LEFT = 60;
const LINE_HEIGHT = 36;
const LINE_GAP = 8;
const CHAR_WIDTH = 22;

type Label = 'surname' | 'givenNames' | 'dateOfBirth' | 'sex' | 'placeOfBirth' | 'dateOfIssue' | 'dateOfExpiry' | 'documentNumber';

/** Labels as the issuing country prints them on a data page: the national language first, then English and French. */
const PASSPORT_LABELS: Record<string, Record<Label, string>> = {
  DEU: {
    surname: 'Name/Surname/Nom',
    givenNames: 'Vornamen/Given names/Prénoms',
    dateOfBirth: 'Geburtstag/Date of birth/Date de naissance',
    sex: 'Geschlecht/Sex/Sexe',
    placeOfBirth: 'Geburtsort/Place of birth/Lieu de naissance',
    dateOfIssue: 'Ausstellungsdatum/Date of issue/Date de délivrance',
    dateOfExpiry: 'Gültig bis/Date of expiry/Date d\'expiration',
    documentNumber: 'Pass-Nr./Passport No./Passeport N°',
  },
  GBR: {
    surname: 'Surname/Nom (1)',
    givenNames: 'Given names/Prénoms (2)',
    dateOfBirth: 'Date of birth/Date de naissance (4)',
    sex: 'Sex/Sexe (5)',
    placeOfBirth: 'Place of birth/Lieu de naissance (6)',
    dateOfIssue: 'Date of issue/Date de délivrance (7)',
    dateOfExpiry: 'Date of expiry/Date d\'expiration (9)',
    documentNumber: 'Passport No./Passeport N°',
  },
  ITA: {
    surname: 'COGNOME/SURNAME',
    givenNames: 'NOME/GIVEN NAMES',
    dateOfBirth: 'DATA DI NASCITA/DATE OF BIRTH',
    sex: 'SESSO/SEX',
    placeOfBirth: 'LUOGO DI NASCITA/PLACE OF BIRTH',
    dateOfIssue: 'EMISSIONE/ISSUING',
    dateOfExpiry: 'SCADENZA/EXPIRY',
    documentNumber: 'N. DOCUMENTO/DOCUMENT NO.',
  },
  default: {
    surname: 'Surname/Nom',
    givenNames: 'Given names/Prénoms',
    dateOfBirth: 'Date of birth/Date de naissance',
    sex: 'Sex/Sexe',
    placeOfBirth: 'Place of birth/Lieu de naissance',
    dateOfIssue: 'Date of issue/Date de délivrance',
    dateOfExpiry: 'Date of expiry/Date d\'expiration',
    documentNumber: 'Document No./Document N°',
  },
};

const TITLES: Record<IdDocument['kind'], string> = { passport: 'PASSPORT', nationalIdentityCard: 'IDENTITY CARD', driverLicense: 'DRIVER LICENSE' };

/** Blocks of lines, in reading order: a title, one block per labelled field, the MRZ. */
function printedBlocks(d: IdDocument): string[][] {
  if (d.licence) {
    const l = d.licence;
    const given = [d.firstName, d.middleName].filter(Boolean).join(' ');
    return [
      [l.stateName, 'USA', TITLES[d.kind]],
      [`DL ${d.documentNumber}`, `CLASS ${l.class}`, `EXP ${d.dateOfExpiration[0]}`, `END ${l.endorsements}`],
      [`LN ${d.lastName}`, `FN ${given}`, l.street, `${l.city}, ${l.state} ${l.postalCode}`],
      [...(d.illegible?.includes('dateOfBirth') ? [] : [`DOB ${d.dateOfBirth[0]}`]), `RSTR ${l.restrictions}`, ...(d.sex ? [`SEX ${d.sex}`] : []), ...(d.dateOfIssue ? [`ISS ${d.dateOfIssue[0]}`] : [])],
    ];
  }
  const labels = PASSPORT_LABELS[d.country] ?? PASSPORT_LABELS.default!;
  const field = (label: Label, value: string | undefined, legible = true): string[][] => (value === undefined ? [] : [[labels[label], ...(legible ? [value] : [])]]);
  return [
    [TITLES[d.kind], d.country],
    ...field('surname', d.lastName),
    ...field('givenNames', [d.firstName, d.middleName].filter(Boolean).join(' ')),
    ...field('dateOfBirth', d.dateOfBirth[0], !d.illegible?.includes('dateOfBirth')),
    ...field('sex', d.sex),
    ...field('placeOfBirth', d.placeOfBirth, !d.illegible?.includes('placeOfBirth')),
    ...field('dateOfIssue', d.dateOfIssue?.[0]),
    ...field('dateOfExpiry', d.dateOfExpiration[0]),
    ...field('documentNumber', d.documentNumber),
    ...(d.mrz ? [d.mrz.split('\n')] : []),
  ];
}

const round = (n: number) => Math.round(n * 1000) / 1000;
/** Varies the picture's legibility a little per word, as a real reading does, within 0–1. */
const confidenceOf = (base: number, index: number) => Math.min(1, Math.max(0, round(base + ((index * 7) % 5) * 0.004 - 0.008)));
const box = (left: number, top: number, width: number, height: number) => ({
  vertices: [
    { x: left, y: top },
    { x: left + width, y: top },
    { x: left + width, y: top + height },
    { x: left, y: top + height },
  ],
});

/**
 * Enum numbers of google.cloud.vision.v1 (the protos): a client that asks for
 * `$alt=json;enum-encoding=int`, as the SDK's REST transport does, gets enums as these numbers.
 */
const BREAK_TYPES = { SPACE: 1, SURE_SPACE: 2, EOL_SURE_SPACE: 3, HYPHEN: 4, LINE_BREAK: 5 } as const;
const BLOCK_TYPE_TEXT = 1;

/** The AnnotateImageResponse for a text-detection feature on this picture; `intEnums` writes enums as their proto numbers. */
export function textDetection(document: IdDocumentId | null, intEnums = false): Record<string, unknown> {
  const d: IdDocument | null = document ? ID_DOCUMENTS[document] : null;
  // Too dark and cut off: Vision finds no text at all, which it answers with an empty response.
  if (!d || d.unreadable) return {};
  const wordEntries: Array<{ description: string; boundingPoly: object }> = [];
  let lineIndex = 0;
  let wordIndex = 0;
  const blocks = printedBlocks(d).map((lines) => {
    const top = 40 + lineIndex * (LINE_HEIGHT + LINE_GAP);
    const words = lines.flatMap((line, i) => {
      const lineTop = 40 + lineIndex * (LINE_HEIGHT + LINE_GAP);
      lineIndex += 1;
      const parts = line.split(' ');
      let column = 0;
      return parts.map((text, j) => {
        const left = LEFT + column * CHAR_WIDTH;
        column += text.length + 1;
        const confidence = confidenceOf(d.legibility, wordIndex++);
        const wordBox = box(left, lineTop, text.length * CHAR_WIDTH, LINE_HEIGHT);
        wordEntries.push({ description: text, boundingPoly: wordBox });
        const lastOnLine = j === parts.length - 1;
        const breakName: keyof typeof BREAK_TYPES = !lastOnLine ? 'SPACE' : i === lines.length - 1 ? 'LINE_BREAK' : 'EOL_SURE_SPACE';
        const breakType = intEnums ? BREAK_TYPES[breakName] : breakName;
        return {
          boundingBox: wordBox,
          confidence,
          symbols: [...text].map((symbol, k) => ({
            text: symbol,
            confidence: confidenceOf(d.legibility, wordIndex + k),
            boundingBox: box(left + k * CHAR_WIDTH, lineTop, CHAR_WIDTH, LINE_HEIGHT),
            ...(k === text.length - 1 ? { property: { detectedBreak: { type: breakType } } } : {}),
          })),
        };
      });
    });
    const width = Math.max(...lines.map((line) => line.length)) * CHAR_WIDTH;
    const height = lines.length * (LINE_HEIGHT + LINE_GAP) - LINE_GAP;
    const confidence = round(Math.min(...words.map((word) => word.confidence)));
    return { boundingBox: box(LEFT, top, width, height), blockType: intEnums ? BLOCK_TYPE_TEXT : 'TEXT', confidence, paragraphs: [{ boundingBox: box(LEFT, top, width, height), confidence, words }] };
  });
  const text = `${printedBlocks(d).flat().join('\n')}\n`;
  const whole = box(LEFT, 40, Math.max(...blocks.map((block) => block.boundingBox.vertices[1]!.x)) - LEFT, lineIndex * (LINE_HEIGHT + LINE_GAP));
  return {
    textAnnotations: [{ locale: 'en', description: text, boundingPoly: whole }, ...wordEntries],
    fullTextAnnotation: { pages: [{ property: { detectedLanguages: [{ languageCode: 'en', confidence: 1 }] }, width: PAGE.width, height: PAGE.height, blocks }], text },
  };
}
