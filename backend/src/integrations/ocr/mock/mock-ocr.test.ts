import { runOcrContract } from '../ocr.contract.js';
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
