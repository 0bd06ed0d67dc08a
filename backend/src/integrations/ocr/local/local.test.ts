import { afterAll, describe, expect, it } from 'vitest';
import { ID_DOCUMENTS } from '../../../../../mocks/shared/id-documents.js';
import { imageWithComment } from '../../../../../mocks/shared/fixture-images.js';
import { documentPicture } from '../../../../test/id-document-pictures.js';
import { AppError } from '../../../lib/errors.js';
import type { IdExtraction } from '../ocr.port.js';
import { createLocalOcr, localOcrConfigSchema, localOcrProvider } from './local.provider.js';
import { closeTesseractWorkers } from './tesseract-engine.js';

const TODAY = '2026-11-30';
const png = (bytes: Buffer) => ({ bytes, mimeType: 'image/png' as const });
const valuesOf = (extraction: IdExtraction) => Object.fromEntries(Object.entries(extraction.fields).map(([name, field]) => [name, field.value]));
const codesOf = (extraction: IdExtraction) => extraction.warnings.map((warning) => warning.code);

describe('local OCR provider (tesseract.js, generated pictures in OCR-B)', () => {
  const ocr = createLocalOcr(localOcrConfigSchema.parse({}));
  afterAll(() => closeTesseractWorkers());

  it('needs no configuration: every setting has a default', () => {
    expect(localOcrProvider.configSchema.safeParse({}).success).toBe(true);
  });

  it('passes its health check', async () => {
    await expect(ocr.healthCheck()).resolves.toBeUndefined();
  });

  it('reads the MRZ of a whole passport page (TD3), letters in the document number included', async () => {
    const extraction = await ocr.extract({ images: [png(documentPicture('passport-deu'))], kind: 'passport', today: TODAY });
    expect(extraction.mrz).toEqual({ format: 'TD3', lines: ID_DOCUMENTS['passport-deu'].mrz.split('\n'), valid: true });
    expect(valuesOf(extraction)).toEqual({
      surname: 'MUSTERMANN',
      givenNames: 'ERIKA',
      documentNumber: 'C4J7R2K95',
      nationality: 'DEU',
      issuingCountry: 'DEU',
      dateOfBirth: '1983-08-12',
      dateOfExpiry: '2035-10-31',
      sex: 'F',
    });
    expect(extraction.provider).toBe('local');
    // tesseract's eng model may read OCR-B's 7 as T; the document-number check digit puts it right,
    // but a guessed character lowers the confidence (low_confidence), so nothing else may be flagged.
    expect(codesOf(extraction).filter((code) => code !== 'low_confidence')).toEqual([]);
  });

  it('reads the three-line MRZ of an identity card (TD1)', async () => {
    const extraction = await ocr.extract({ images: [png(documentPicture('id-card-ita'))], kind: 'id_card', today: TODAY });
    expect(extraction.mrz).toEqual({ format: 'TD1', lines: ID_DOCUMENTS['id-card-ita'].mrz.split('\n'), valid: true });
    expect(valuesOf(extraction)).toMatchObject({ surname: 'ROSSI', givenNames: 'GIULIA', documentNumber: 'CA12345BC', dateOfBirth: '1990-04-17' });
    expect(codesOf(extraction)).toEqual([]);
  });

  it('flags an expired passport', async () => {
    const extraction = await ocr.extract({ images: [png(documentPicture('passport-expired'))], kind: 'passport', today: TODAY });
    expect(extraction.fields.dateOfExpiry?.value).toBe('2021-06-30');
    expect(extraction.mrz?.valid).toBe(true);
    expect(codesOf(extraction)).toEqual(['expired_document']);
  });

  it('detects a corrupted check digit instead of repairing it away', async () => {
    const extraction = await ocr.extract({ images: [png(documentPicture('passport-bad-check-digit'))], kind: 'passport', today: TODAY });
    // The document number and its (wrong) check digit are read as printed, not swapped into agreement.
    expect(extraction.mrz?.lines[1]?.slice(0, 10)).toBe(ID_DOCUMENTS['passport-bad-check-digit'].mrz.split('\n')[1]!.slice(0, 10));
    expect(extraction.mrz?.valid).toBe(false);
    expect(codesOf(extraction)).toContain('mrz_check_digit_failed');
  });

  it('finds the MRZ on the back when the front has none', async () => {
    const extraction = await ocr.extract({ images: [png(imageWithComment(null)), png(documentPicture('id-card-ita'))], kind: 'id_card', today: TODAY });
    expect(extraction.mrz?.valid).toBe(true);
  });

  it('refuses a picture without an MRZ as upstream_rejected, with a message a guest can act on', async () => {
    const refusal = ocr.extract({ images: [png(imageWithComment(null))], kind: 'passport', today: TODAY });
    await expect(refusal).rejects.toBeInstanceOf(AppError);
    await expect(refusal).rejects.toMatchObject({ code: 'upstream_rejected', message: expect.stringMatching(/No text could be read/) });
  });

  it('refuses bytes that are no picture, and PDFs, as upstream_rejected', async () => {
    await expect(ocr.extract({ images: [png(Buffer.from('not a picture'))], kind: 'passport', today: TODAY })).rejects.toMatchObject({ code: 'upstream_rejected' });
    await expect(ocr.extract({ images: [{ bytes: Buffer.from('%PDF-1.7'), mimeType: 'application/pdf' }], kind: 'passport', today: TODAY })).rejects.toMatchObject({ code: 'upstream_rejected' });
  });

  it('answers integration_unavailable when the engine cannot start (a model folder without the model)', async () => {
    const broken = createLocalOcr(localOcrConfigSchema.parse({ modelPath: '/nonexistent/innkeeper-model' }));
    await expect(broken.extract({ images: [png(documentPicture('passport-deu'))], kind: 'passport', today: TODAY })).rejects.toMatchObject({ code: 'integration_unavailable' });
    await expect(broken.healthCheck()).rejects.toMatchObject({ code: 'integration_unavailable' });
  });

  it('gives up with integration_timeout when a reading overruns, and reads again afterwards', async () => {
    // A whole page takes tesseract 0.2–0.8 s here; 100 ms is never enough.
    const hurried = createLocalOcr(localOcrConfigSchema.parse({ timeoutMs: 100 }));
    await expect(hurried.extract({ images: [png(documentPicture('passport-deu'))], kind: 'passport', today: TODAY })).rejects.toMatchObject({ code: 'integration_timeout' });
    expect((await ocr.extract({ images: [png(documentPicture('passport-deu'))], kind: 'passport', today: TODAY })).mrz?.valid).toBe(true);
  });

  it('stops when the caller aborts, with the signal’s reason, and the next reading still works', async () => {
    const controller = new AbortController();
    const reading = ocr.extract({ images: [png(documentPicture('passport-deu'))], kind: 'passport', today: TODAY }, { signal: controller.signal });
    controller.abort(new Error('guest left'));
    await expect(reading).rejects.toThrow('guest left');
    const again = await ocr.extract({ images: [png(documentPicture('id-card-ita'))], kind: 'id_card', today: TODAY });
    expect(again.mrz?.valid).toBe(true);
  });
});
