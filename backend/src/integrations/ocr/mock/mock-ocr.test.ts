import { describe, expect, it } from 'vitest';
import { ID_DOCUMENTS } from '../../../../../mocks/shared/id-documents.js';
import { runOcrContract } from '../ocr.contract.js';
import markedDocuments from './id-documents.json' with { type: 'json' };
import { createMockOcr } from './mock-ocr.js';

runOcrContract('mock', async () => {
  const ocr = createMockOcr();
  return {
    ocr,
    reads: { idCard: true, drivingLicence: true },
    outage: async () => ocr.failNext(Number.MAX_SAFE_INTEGER),
    hang: async () => ocr.hangNext(),
    restore: async () => ocr.failNext(0),
    close: async () => undefined,
  };
});

describe('the OCR double’s documents', () => {
  it('are the mock servers’ documents (the API keeps a copy so that it imports nothing from mocks/)', () => {
    expect(markedDocuments).toEqual(JSON.parse(JSON.stringify(ID_DOCUMENTS)));
  });
});
