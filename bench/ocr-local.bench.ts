/// <reference path="../backend/src/types/tesseract-js-data-eng.d.ts" />
/**
 * The `local` OCR provider's time per document and documents per minute on a passport picture
 * drawn in code (backend/test/id-document-pictures.ts: a 1400×1000 data page, MRZ in OCR-B), next
 * to tesseract.js reading the same picture with nothing of ours (whole page, default settings, its
 * own worker) in the same run. Reads alternate between the two, one at a time, so load from
 * elsewhere on the machine falls on both alike. The ratio is what our MRZ pipeline (the layout
 * pass, the MRZ lines read again with the MRZ alphabet, digits re-read, look-alike fixing,
 * check digits) costs over the engine's single pass.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import eng from '@tesseract.js-data/eng';
import { createWorker } from 'tesseract.js';
import type { IdDocumentId } from '../mocks/shared/id-documents.js';
import { createLocalOcr, localOcrConfigSchema } from '../backend/src/integrations/ocr/local/local.provider.js';
import { closeTesseractWorkers } from '../backend/src/integrations/ocr/local/tesseract-engine.js';
import { documentPicture } from '../backend/test/id-document-pictures.js';

const DOCUMENTS = Number(process.env.BENCH_OCR_DOCUMENTS ?? 20);
const DOCUMENT = (process.env.BENCH_OCR_DOCUMENT ?? 'passport-deu') as IdDocumentId;
const TODAY = new Date().toISOString().slice(0, 10);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
  return { mean, p50: percentile(sorted, 50), p95: percentile(sorted, 95), perMinute: 60_000 / mean };
}

async function main() {
  const picture = documentPicture(DOCUMENT);
  const local = createLocalOcr(localOcrConfigSchema.parse({ timeoutMs: 120_000 }));
  const engine = await createWorker('eng', 1, { langPath: eng.langPath, gzip: true, cachePath: join(tmpdir(), 'innkeeper-tesseract'), logger: () => undefined });
  const readLocal = () => local.extract({ images: [{ bytes: picture, mimeType: 'image/png' }], kind: 'passport', today: TODAY });
  try {
    // Warm-up: both workers started and the model loaded, so neither pays that in the timings.
    const first = await readLocal();
    await engine.recognize(picture);
    const times = { engine: [] as number[], local: [] as number[] };
    let exact = 0;
    for (let i = 0; i < DOCUMENTS; i += 1) {
      let started = performance.now();
      await engine.recognize(picture);
      times.engine.push(performance.now() - started);
      started = performance.now();
      const extraction = await readLocal();
      times.local.push(performance.now() - started);
      if (extraction.mrz?.valid && extraction.mrz.lines.join('\n') === first.mrz?.lines.join('\n')) exact += 1;
    }
    const [bare, ours] = [summary(times.engine), summary(times.local)];
    const row = (name: string, s: ReturnType<typeof summary>) => `| ${name} | ${s.mean.toFixed(0)} | ${s.p50.toFixed(0)} | ${s.p95.toFixed(0)} | ${s.perMinute.toFixed(1)} |`;
    console.log(`OCR: ${DOCUMENTS} reads of ${DOCUMENT} (${picture.length} bytes PNG), alternating`);
    console.log('| reader | mean ms | p50 ms | p95 ms | documents/min |');
    console.log('| --- | --- | --- | --- | --- |');
    console.log(row('tesseract.js alone (whole page, default settings)', bare));
    console.log(row('local provider (MRZ found, read, checked)', ours));
    console.log(`| ratio (local / tesseract.js time) | ${(ours.mean / bare.mean).toFixed(2)} | ${(ours.p50 / bare.p50).toFixed(2)} | | |`);
    console.log(`local provider: MRZ valid and the same as the first read in ${exact}/${DOCUMENTS}; fields ${JSON.stringify(Object.keys(first.fields))}, warnings ${JSON.stringify(first.warnings.map((w) => w.code))}`);
  } finally {
    await engine.terminate();
    await closeTesseractWorkers();
  }
}

await main();
