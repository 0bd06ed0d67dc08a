import { ID_DOCUMENTS, type IdDocument, type IdDocumentId, type PrintedDate } from '../shared/id-documents.js';
import { ID_DOCUMENT_MODEL } from './credentials.js';

/**
 * What `prebuilt-idDocument` "reads" on a picture: the document its marker names
 * (mocks/shared/id-documents.ts) as an AnalyzeResult, with the text of the page as `content`, one
 * page of lines and words, and one AnalyzedDocument whose fields point into that content. Field
 * names and types are those of Azure's ID document model: strings, `date` (valueDate
 * `YYYY-MM-DD`), `countryRegion` (ISO alpha-3), `address` and the passport's MachineReadableZone
 * object; confidences 0–1. A field the picture does not show is left out, as Azure does.
 */

/** A nominal page size in pixels: the fixture pictures are tiny, the layout is invented. */
const PAGE = { width: 1400, height: 900 };

const DOC_TYPES: Record<IdDocument['kind'], string> = {
  passport: 'idDocument.passport',
  driverLicense: 'idDocument.driverLicense',
  nationalIdentityCard: 'idDocument.nationalIdentityCard',
};

type Value =
  | { type: 'string'; valueString: string }
  | { type: 'date'; valueDate: string }
  | { type: 'countryRegion'; valueCountryRegion: string }
  | { type: 'address'; valueAddress: Record<string, string> }
  | { type: 'object'; valueObject: Record<string, unknown> };

interface PrintedField {
  name: string;
  /** As printed; its lines become lines of the page. */
  content: string;
  value: Value;
}

const text = (valueString: string): Value => ({ type: 'string', valueString });
const date = ([, iso]: PrintedDate): Value => ({ type: 'date', valueDate: iso });
const country = (code: string): Value => ({ type: 'countryRegion', valueCountryRegion: code });
const round = (n: number) => Math.round(n * 1000) / 1000;
/** Varies the picture's legibility a little per field, as a real reading does, within 0–1. */
const confidenceOf = (base: number, index: number) => Math.min(1, Math.max(0, round(base + ((index * 7) % 5) * 0.004 - 0.008)));

/** The MRZ's own fields, as Azure parses them out of the zone (no check-digit verdict: that is the caller's). */
function mrzObject(d: IdDocument): Record<string, unknown> {
  const sub = (value: Value) => ({ ...value, confidence: confidenceOf(d.legibility, 1) });
  return {
    FirstName: sub(text(d.firstName)),
    LastName: sub(text(d.lastName)),
    DocumentNumber: sub(text(d.documentNumber)),
    CountryRegion: sub(country(d.country)),
    ...(d.nationality ? { Nationality: sub(country(d.nationality)) } : {}),
    DateOfBirth: sub(date(d.dateOfBirth)),
    DateOfExpiration: sub(date(d.dateOfExpiration)),
    ...(d.sex ? { Sex: sub(text(d.sex)) } : {}),
  };
}

function printedFields(d: IdDocument): PrintedField[] {
  const fields: (PrintedField | null)[] = [
    { name: 'LastName', content: d.lastName, value: text(d.lastName) },
    { name: 'FirstName', content: d.firstName, value: text(d.firstName) },
    d.middleName ? { name: 'MiddleName', content: d.middleName, value: text(d.middleName) } : null,
    { name: 'DocumentNumber', content: d.documentNumber, value: text(d.documentNumber) },
    d.illegible?.includes('dateOfBirth') ? null : { name: 'DateOfBirth', content: d.dateOfBirth[0], value: date(d.dateOfBirth) },
    d.placeOfBirth && !d.illegible?.includes('placeOfBirth') ? { name: 'PlaceOfBirth', content: d.placeOfBirth, value: text(d.placeOfBirth) } : null,
    d.dateOfIssue ? { name: 'DateOfIssue', content: d.dateOfIssue[0], value: date(d.dateOfIssue) } : null,
    { name: 'DateOfExpiration', content: d.dateOfExpiration[0], value: date(d.dateOfExpiration) },
    d.sex ? { name: 'Sex', content: d.sex, value: text(d.sex) } : null,
    d.nationality ? { name: 'Nationality', content: d.nationality, value: country(d.nationality) } : null,
    { name: 'CountryRegion', content: d.country, value: country(d.country) },
  ];
  if (d.licence) {
    const l = d.licence;
    const [houseNumber, ...road] = l.street.split(' ');
    fields.push(
      {
        name: 'Address',
        content: `${l.street}\n${l.city}, ${l.state} ${l.postalCode}`,
        value: { type: 'address', valueAddress: { houseNumber: houseNumber!, road: road.join(' '), city: l.city, state: l.state, postalCode: l.postalCode, countryRegion: d.country, streetAddress: l.street } },
      },
      { name: 'Region', content: l.stateName, value: text(l.stateName) },
      { name: 'VehicleClassifications', content: l.class, value: text(l.class) },
      { name: 'Endorsements', content: l.endorsements, value: text(l.endorsements) },
      { name: 'Restrictions', content: l.restrictions, value: text(l.restrictions) },
      // The licence's document discriminator (DD): which printing of the card this is.
      { name: 'DocumentDiscriminator', content: `${d.documentNumber}${d.dateOfIssue![1].replace(/-/g, '')}`, value: text(`${d.documentNumber}${d.dateOfIssue![1].replace(/-/g, '')}`) },
    );
  }
  if (d.mrz) fields.push({ name: 'MachineReadableZone', content: d.mrz, value: { type: 'object', valueObject: mrzObject(d) } });
  return fields.filter((field): field is PrintedField => field !== null);
}

const polygon = (left: number, top: number, width: number, height: number) => [left, top, left + width, top, left + width, top + height, left, top + height].map(round);

/** The result of analysing one picture: a document when its marker names one, else an empty page. */
export function analyzeResult(document: IdDocumentId | null, apiVersion: string) {
  const d: IdDocument | null = document ? ID_DOCUMENTS[document] : null;
  const fields = d ? printedFields(d) : [];
  const lineTexts: string[] = [];
  const fieldSpans = fields.map((field) => {
    const offset = lineTexts.reduce((sum, line) => sum + line.length + 1, 0);
    const line = lineTexts.length;
    lineTexts.push(...field.content.split('\n'));
    return { line, span: { offset, length: field.content.length } };
  });
  const content = lineTexts.join('\n');
  const lineHeight = 36;
  const charWidth = 22;
  const lineTop = (line: number) => 40 + line * (lineHeight + 8);
  let offset = 0;
  const lines: object[] = [];
  const words: object[] = [];
  lineTexts.forEach((line, i) => {
    const top = lineTop(i);
    lines.push({ content: line, polygon: polygon(60, top, line.length * charWidth, lineHeight), spans: [{ offset, length: line.length }] });
    let column = 0;
    for (const word of line.split(' ')) {
      if (word) words.push({ content: word, polygon: polygon(60 + column * charWidth, top, word.length * charWidth, lineHeight), span: { offset: offset + column, length: word.length }, confidence: confidenceOf(d?.legibility ?? 0, words.length) });
      column += word.length + 1;
    }
    offset += line.length + 1;
  });
  const page = { pageNumber: 1, angle: 0, width: PAGE.width, height: PAGE.height, unit: 'pixel', words, lines, spans: [{ offset: 0, length: content.length }] };
  const documents = d
    ? [
        {
          docType: DOC_TYPES[d.kind],
          boundingRegions: [{ pageNumber: 1, polygon: polygon(0, 0, PAGE.width, PAGE.height) }],
          confidence: confidenceOf(d.legibility, 0),
          spans: [{ offset: 0, length: content.length }],
          fields: Object.fromEntries(
            fields.map((field, i) => [
              field.name,
              {
                ...field.value,
                content: field.content,
                boundingRegions: [{ pageNumber: 1, polygon: polygon(60, lineTop(fieldSpans[i]!.line), Math.max(...field.content.split('\n').map((l) => l.length)) * charWidth, field.content.split('\n').length * (lineHeight + 8) - 8) }],
                confidence: confidenceOf(d.legibility, i),
                spans: [fieldSpans[i]!.span],
              },
            ]),
          ),
        },
      ]
    : [];
  return { apiVersion, modelId: ID_DOCUMENT_MODEL, stringIndexType: 'textElements', content, pages: [page], documents, contentFormat: 'text' };
}
