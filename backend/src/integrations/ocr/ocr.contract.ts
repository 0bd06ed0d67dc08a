import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { controlClient } from '../../../../mocks/shared/control-client.js';
import { fixtureImage } from '../../../../mocks/shared/fixture-images.js';
import type { IdDocumentId } from '../../../../mocks/shared/id-documents.js';
import { AppError } from '../../lib/errors.js';
import type { IdExtraction, IdFieldName, IdImage, OcrPort } from './ocr.port.js';

/**
 * The behaviour every OCR provider must show, run against each one: the in-process mock, and each
 * vendor adapter against its mock server. The documents are the mock servers' fixtures
 * (mocks/shared/id-documents.ts), shown as the marked pictures those mocks read.
 */
export interface OcrContractSubject {
  ocr: OcrPort;
  /** Document kinds the vendor reads; a picture of another kind is refused (AnalyzeID reads no ID cards). */
  reads: { idCard: boolean; drivingLicence: boolean };
  /** The vendor fails every call until `restore`. */
  outage(): Promise<void>;
  /** The vendor's next answer never comes. */
  hang(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
  /** The picture of a fixture document, for a provider that reads real pixels; default the marked PNG. */
  image?(id: IdDocumentId): IdImage;
}

/** A vendor's OCR mock server as the adapter tests start it (`start(0)` picks a free port). */
export interface OcrMockServer {
  start(port: number): Promise<string>;
  stop(): Promise<void>;
}

export interface RunningOcrMock<Mock extends OcrMockServer> {
  mock: Mock;
  endpoint: string;
  control: ReturnType<typeof controlClient>;
  /** The requests the mock logged since the last test. */
  logged<Request>(): Promise<Request[]>;
}

async function startOcrMock<Mock extends OcrMockServer>(mock: Mock): Promise<RunningOcrMock<Mock>> {
  const endpoint = await mock.start(0);
  const control = controlClient(endpoint);
  return { mock, endpoint, control, logged: async () => (await control('/__control/requests')).body.requests };
}

/**
 * Runs the contract against a vendor adapter on its own mock server, faults driven through the
 * mock's fault injection (mocks/shared/faults.ts).
 */
export function runOcrContractOnMock<Mock extends OcrMockServer>(
  provider: string,
  subject: { mock: () => Mock; adapter: (endpoint: string) => OcrPort; reads: OcrContractSubject['reads'] },
): void {
  runOcrContract(provider, async () => {
    const { mock, endpoint, control } = await startOcrMock(subject.mock());
    return {
      ocr: subject.adapter(endpoint),
      reads: subject.reads,
      outage: async () => void (await control('/__control/faults', { mode: 'error', count: 1_000 })),
      hang: async () => void (await control('/__control/faults', { mode: 'hang', count: 1 })),
      restore: async () => void (await control('/__control/faults', undefined, 'DELETE')),
      close: () => mock.stop(),
    };
  });
}

/**
 * The mock server of a describe block: started before its tests, its faults and logged requests
 * cleared after each, stopped after all. Its fields are there once the tests run.
 */
export function useOcrMock<Mock extends OcrMockServer>(mock: () => Mock): RunningOcrMock<Mock> {
  const running = {} as RunningOcrMock<Mock>;
  beforeAll(async () => {
    Object.assign(running, await startOcrMock(mock()));
  });
  afterAll(() => running.mock.stop());
  afterEach(async () => {
    await running.control('/__control/faults', undefined, 'DELETE');
    await running.control('/__control/requests', undefined, 'DELETE');
  });
  return running;
}

const TODAY = '2026-11-30';
const isAppError = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;
const valuesOf = (extraction: IdExtraction) => Object.fromEntries(Object.entries(extraction.fields).map(([name, field]) => [name, field.value]));
const warningCodes = (extraction: IdExtraction) => extraction.warnings.map((warning) => warning.code);

export function runOcrContract(provider: string, setup: () => Promise<OcrContractSubject>): void {
  describe(`ocr contract: ${provider}`, () => {
    let subject: OcrContractSubject;
    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(() => subject?.close());
    afterEach(() => subject.restore());

    const picture = (id: IdDocumentId): IdImage => subject.image?.(id) ?? { bytes: fixtureImage(id), mimeType: 'image/png' };
    const read = (id: IdDocumentId, kind: 'passport' | 'id_card' | 'driving_licence' = 'passport', options?: { signal?: AbortSignal }) =>
      subject.ocr.extract({ images: [picture(id)], kind, today: TODAY }, options);

    it('passes its health check', async () => {
      await expect(subject.ocr.healthCheck()).resolves.toBeUndefined();
    });

    it('reads a passport: every field normalised, 0–1 confidences, a valid MRZ and nothing to flag', async () => {
      const extraction = await read('passport-deu');
      expect(extraction.provider).toBe(provider);
      expect(extraction.kind).toBe('passport');
      expect(valuesOf(extraction)).toMatchObject({
        surname: 'MUSTERMANN',
        givenNames: 'ERIKA',
        documentNumber: 'C4J7R2K95',
        nationality: 'DEU',
        issuingCountry: 'DEU',
        dateOfBirth: '1983-08-12',
        dateOfExpiry: '2035-10-31',
        sex: 'F',
      });
      for (const field of Object.values(extraction.fields)) {
        expect(field.confidence).toBeGreaterThanOrEqual(0.8);
        expect(field.confidence).toBeLessThanOrEqual(1);
      }
      expect(extraction.mrz).toMatchObject({ format: 'TD3', valid: true });
      expect(extraction.mrz!.lines[0]).toMatch(/^P<D<<MUSTERMANN<<ERIKA</);
      expect(extraction.warnings).toEqual([]);
    });

    it('reads an identity card with its three-line MRZ where the vendor reads ID cards, and otherwise refuses it', async () => {
      if (!subject.reads.idCard) {
        await expect(read('id-card-ita', 'id_card')).rejects.toSatisfy(isAppError('upstream_rejected'));
        return;
      }
      const extraction = await read('id-card-ita', 'id_card');
      expect(valuesOf(extraction)).toMatchObject({ surname: 'ROSSI', givenNames: 'GIULIA', documentNumber: 'CA12345BC', nationality: 'ITA', dateOfBirth: '1990-04-17', dateOfExpiry: '2032-04-17' });
      expect(extraction.mrz).toMatchObject({ format: 'TD1', valid: true });
      expect(extraction.warnings).toEqual([]);
    });

    it('reads a driving licence (no MRZ, none expected) where the vendor reads them', async () => {
      if (!subject.reads.drivingLicence) return;
      const extraction = await read('driver-license-us', 'driving_licence');
      expect(valuesOf(extraction)).toMatchObject({ surname: 'CARDHOLDER', givenNames: 'IMA SPECIMEN', documentNumber: 'I7654321', dateOfBirth: '1977-08-31', dateOfExpiry: '2031-08-31' });
      expect(extraction.mrz).toBeUndefined();
      expect(extraction.warnings).toEqual([]);
    });

    it('flags an expired document', async () => {
      const extraction = await read('passport-expired');
      expect(extraction.fields.dateOfExpiry?.value).toBe('2021-06-30');
      expect(extraction.warnings).toEqual([{ code: 'expired_document', field: 'dateOfExpiry' }]);
    });

    it('flags an MRZ whose check digit fails and keeps the printed document number', async () => {
      const extraction = await read('passport-bad-check-digit');
      expect(extraction.mrz?.valid).toBe(false);
      expect(warningCodes(extraction)).toContain('mrz_check_digit_failed');
      expect(extraction.fields.documentNumber?.value).toBe('P1234567');
    });

    it('flags the fields of a blurred picture as low confidence', async () => {
      const extraction = await read('passport-blurry');
      const low = extraction.warnings.filter((warning) => warning.code === 'low_confidence').map((warning) => warning.field);
      expect(low).toEqual(expect.arrayContaining<IdFieldName>(['surname', 'documentNumber']));
    });

    it('refuses an unreadable picture, and bytes that are no picture, in words a guest can act on', async () => {
      const unreadable = await read('unreadable').catch((error: unknown) => error);
      expect(unreadable).toSatisfy(isAppError('upstream_rejected'));
      expect((unreadable as AppError).message).toMatch(/photo/i);
      expect((unreadable as AppError).options.details).toEqual([expect.objectContaining({ field: 'images' })]);
      const pdf = { bytes: new TextEncoder().encode('%PDF-1.7\n%%EOF\n'), mimeType: 'application/pdf' as const };
      await expect(subject.ocr.extract({ images: [pdf], kind: 'passport', today: TODAY })).rejects.toSatisfy(isAppError('upstream_rejected'));
    });

    it('reports a vendor outage as integration_unavailable', async () => {
      await subject.outage();
      await expect(read('passport-deu')).rejects.toSatisfy(isAppError('integration_unavailable'));
    });

    it('stops when its signal aborts, with the signal’s reason, even while the vendor has not answered', async () => {
      await subject.hang();
      const controller = new AbortController();
      const pending = read('passport-deu', 'passport', { signal: controller.signal });
      const reason = new Error('the guest left');
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      const already = AbortSignal.abort(reason);
      await expect(read('passport-deu', 'passport', { signal: already })).rejects.toBe(reason);
    });
  });
}
