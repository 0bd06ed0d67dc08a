import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { findMrzLines, finishExtraction, mergeFields, mrzDate, normaliseName, readMrz } from './id-reading.js';
import type { IdField } from './ocr.port.js';

const TODAY = '2026-11-30';
const SMITH = ['P<GBRSMITH<<JOHN<PETER<<<<<<<<<<<<<<<<<<<<<<', '1234567897GBR8502142M3103120<<<<<<<<<<<<<<02'];
const MUSTERMANN = ['P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<', 'C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4'];
const DE_BRUIJN = ['I<NLDSPECI20212<<<<<<<<<<<<<<<', '6503101F3108022NLD<<<<<<<<<<<8', 'DE<BRUIJN<<WILLEKE<LISELOTTE<<'];
const printed = (value: string, confidence = 0.95): IdField => ({ value, confidence, source: 'visual' });

describe('reading an MRZ', () => {
  it('reads a passport (TD3) with every field normalised', () => {
    const reading = readMrz(SMITH, 0.9, TODAY)!;
    expect(reading.mrz).toEqual({ format: 'TD3', lines: SMITH, valid: true });
    expect(Object.fromEntries(Object.entries(reading.fields).map(([name, field]) => [name, field.value]))).toEqual({
      surname: 'SMITH',
      givenNames: 'JOHN PETER',
      documentNumber: '123456789',
      nationality: 'GBR',
      issuingCountry: 'GBR',
      dateOfBirth: '1985-02-14',
      dateOfExpiry: '2031-03-12',
      sex: 'M',
    });
    expect(reading.fields.surname).toEqual({ value: 'SMITH', confidence: 0.9, source: 'mrz' });
  });

  it("reads Germany's one-letter code as DEU and an ID card (TD1) with a compound surname", () => {
    expect(readMrz(MUSTERMANN, 1, TODAY)!.fields.nationality?.value).toBe('DEU');
    const card = readMrz(DE_BRUIJN, 1, TODAY)!;
    expect(card.mrz.format).toBe('TD1');
    expect(card.fields.surname?.value).toBe('DE BRUIJN');
    expect(card.fields.givenNames?.value).toBe('WILLEKE LISELOTTE');
  });

  it('says when a check digit fails, and refuses lines that are no MRZ', () => {
    const broken = [SMITH[0]!, SMITH[1]!.replace('1234567897', '1234567891')];
    expect(readMrz(broken, 1, TODAY)!.mrz.valid).toBe(false);
    expect(readMrz(['HELLO', 'WORLD'], 1, TODAY)).toBeUndefined();
  });

  it('puts two-digit years in the right century', () => {
    expect(mrzDate('850214', 'birth', TODAY)).toBe('1985-02-14');
    expect(mrzDate('100101', 'birth', TODAY)).toBe('2010-01-01');
    expect(mrzDate('270101', 'birth', TODAY)).toBe('1927-01-01');
    expect(mrzDate('310312', 'expiry', TODAY)).toBe('2031-03-12');
    expect(mrzDate('990101', 'expiry', TODAY)).toBe('1999-01-01');
    expect(mrzDate('850231', 'birth', TODAY)).toBeUndefined();
  });

  it('finds MRZ lines in a page of OCR text, ignoring spaces an engine put in', () => {
    const page = `PASSPORT\nSurname SMITH\n${SMITH[0]!.slice(0, 20)} ${SMITH[0]!.slice(20)}\n${SMITH[1]}\n`;
    expect(findMrzLines(page)).toEqual(SMITH);
    expect(findMrzLines(`ID\n${DE_BRUIJN.join('\n')}`)).toEqual(DE_BRUIJN);
    expect(findMrzLines('PASSPORT\nno machine zone here')).toBeUndefined();
  });

  it('normalises printed names as an MRZ spells them', () => {
    expect(normaliseName('  Müller-Lüdenscheidt  José ')).toBe('MULLER-LUDENSCHEIDT JOSE');
  });
});

describe('finishing an extraction', () => {
  it('prefers valid MRZ values and flags a printed zone that disagrees', () => {
    const result = finishExtraction({ provider: 'x', kind: 'passport', today: TODAY, visual: { surname: printed('SMYTH') }, mrzLines: SMITH });
    expect(result.fields.surname?.value).toBe('SMITH');
    expect(result.warnings).toEqual([{ code: 'mrz_visual_mismatch', field: 'surname' }]);
  });

  it('keeps the printed values when the MRZ fails its check digits, and flags both', () => {
    const broken = [SMITH[0]!, SMITH[1]!.replace('1234567897', '1234567891')];
    const result = finishExtraction({ provider: 'x', kind: 'passport', today: TODAY, visual: { documentNumber: printed('123456789') }, mrzLines: broken });
    expect(result.fields.documentNumber).toEqual(printed('123456789'));
    expect(result.warnings.map(({ code }) => code)).toContain('mrz_check_digit_failed');
  });

  it('flags an expired document, low confidence and a passport without an MRZ', () => {
    const result = finishExtraction({ provider: 'x', kind: 'passport', today: TODAY, visual: { surname: printed('SMITH', 0.5), dateOfExpiry: printed('2026-11-29') } });
    expect(result.warnings).toEqual([{ code: 'mrz_missing' }, { code: 'low_confidence', field: 'surname' }, { code: 'expired_document', field: 'dateOfExpiry' }]);
    expect(result.mrz).toBeUndefined();
  });

  it('does not ask a driving licence for an MRZ', () => {
    expect(finishExtraction({ provider: 'x', kind: 'driving_licence', today: TODAY, visual: { surname: printed('SMITH') } }).warnings).toEqual([]);
  });

  it('refuses a reading with nothing in it, naming the images, so no provider answers an empty document', () => {
    const refusal = (() => {
      try {
        return finishExtraction({ provider: 'x', kind: 'id_card', today: TODAY, visual: {}, mrzLines: ['NOT AN MRZ'] });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'upstream_rejected', options: { details: [{ field: 'images' }] } });
  });
});

describe('merging the pages of a document', () => {
  it('keeps each field as read most surely', () => {
    const merged = mergeFields([{ surname: printed('SMYTH', 0.6), sex: printed('F', 0.9) }, { surname: printed('SMITH', 0.95) }]);
    expect(merged).toEqual({ surname: printed('SMITH', 0.95), sex: printed('F', 0.9) });
  });
});
