import { z } from 'zod';
import { AppError } from '../../../lib/errors.js';
import { defineProvider, settingsFromEnv } from '../../provider.js';
import { finishExtraction } from '../id-reading.js';
import type { IdExtraction, IdImage, OcrPort } from '../ocr.port.js';
import { imageSize } from './image-size.js';
import { readMrzCells, type OcrLine } from './mrz-cells.js';
import { bestMrz, misreadDigitCells } from './mrz-correction.js';
import { DEFAULT_MODEL_PATH, EngineTimeoutError, EngineUnavailableError, tesseractEngine, type Engine, type RunOptions } from './tesseract-engine.js';

/**
 * ID reading with no network at all: tesseract.js (WebAssembly) with the `eng` model from the
 * `@tesseract.js-data/eng` package, reading the machine-readable zone of passports and identity
 * cards. The default OCR provider, so a fresh clone reads a passport with nothing configured.
 *
 * Per picture: a first pass reads the page's layout to find the MRZ band (two or three long lines
 * of MRZ characters at the bottom), a second reads each of those lines alone with the MRZ alphabet
 * as a whitelist, as a raw line. The lines are then read cell by cell (mrz-cells.ts) and repaired by the
 * zone's structure and check digits (mrz-correction.ts); `finishExtraction` does the rest.
 * What it cannot read is in README.md, "ID reading without a cloud".
 */

export const localOcrConfigSchema = z.object({
  /**
   * A folder holding `eng.traineddata.gz`; unset, the one inside the npm package. No default in
   * the schema: the admin API shows defaults, and a path on the server's disk is not for it to show.
   */
  modelPath: z
    .string()
    .min(1)
    .optional()
    .meta({ title: 'Model folder' })
    .describe('Folder with eng.traineddata.gz for tesseract; empty for the model shipped with Innkeeper.'),
  timeoutMs: z.coerce
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(15_000)
    .meta({ title: 'Timeout (ms)' })
    .describe('Longest a reading may take, in milliseconds (clean scans take under 1 s; noisy photos took 8–10 s before failing anyway).'),
});

export type LocalOcrConfig = z.infer<typeof localOcrConfigSchema>;

/** The MRZ confidence when a check digit held only after a guessed swap (below LOW_CONFIDENCE, 0.8). */
const GUESSED_CONFIDENCE = 0.6;

/** More misread digits than this: the reading is too poor to be worth re-reading. */
const MAX_DIGIT_REREADS = 6;

/** A line of the page that looks like MRZ text: long, capitals, digits and fillers (or what `<` was read as). */
const MIN_MRZ_LINE = 18;
const looksLikeMrz = (line: OcrLine) => {
  const compact = line.text.replace(/\s+/g, '');
  return compact.length >= MIN_MRZ_LINE && [...compact].filter((c) => /[A-Z0-9<«‹]/.test(c)).length >= 0.85 * compact.length;
};

/**
 * The MRZ lines' places on the page: the bottom-most run of (at most three) MRZ-like lines, each
 * with half its height above and below and its height left and right, kept inside the picture.
 */
export function mrzLineRectangles(lines: OcrLine[], size: { width: number; height: number } | undefined) {
  const marks = lines.map(looksLikeMrz);
  const end = marks.lastIndexOf(true);
  if (end < 0) return [];
  let start = end;
  while (start > 0 && marks[start - 1] && end - start < 2) start -= 1;
  return lines.slice(start, end + 1).map(({ bbox }) => {
    const pad = bbox.y1 - bbox.y0;
    const left = Math.max(0, bbox.x0 - pad);
    const top = Math.max(0, bbox.y0 - pad / 2);
    const right = Math.min(size?.width ?? Infinity, bbox.x1 + 3 * pad);
    const bottom = Math.min(size?.height ?? Infinity, bbox.y1 + pad / 2);
    return { left, top, width: right - left, height: bottom - top };
  });
}

function engineError(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof AppError) return error;
  if (error instanceof EngineTimeoutError) return new AppError('integration_timeout', 'Reading the document took too long. Please try again with a sharper, straight picture.', { cause: error });
  if (error instanceof EngineUnavailableError) return new AppError('integration_unavailable', 'The local document reader could not start.', { cause: error });
  return new AppError('upstream_rejected', 'This picture could not be read. Please send a JPEG or PNG photo of the document.', { cause: error });
}

export function createLocalOcr(config: LocalOcrConfig, engine: Engine = tesseractEngine(config.modelPath ?? DEFAULT_MODEL_PATH)): OcrPort {
  async function readMrz(image: IdImage, options: RunOptions) {
    if (image.mimeType === 'application/pdf') throw new AppError('upstream_rejected', 'The local document reader reads photos (JPEG or PNG), not PDF files.');
    const bytes = Buffer.from(image.bytes);
    const page = await engine.readPage(bytes, options);
    const rectangles = mrzLineRectangles(page.lines, imageSize(bytes));
    // Without MRZ-like lines in the layout, the whole picture is tried as one block of MRZ text.
    const lines = rectangles.length > 0 ? await engine.readMrzLines(bytes, rectangles, options) : (await engine.readMrzBlock(bytes, undefined, options)).lines;
    const cells = readMrzCells(lines);
    if (!cells) return { cells: undefined, sawText: page.text.trim().length > 0 };
    let mrz = bestMrz(cells.format, cells.lines, cells.alternatives);
    // The engine misreads some digits after a long run of fillers (OCR-B 8 and 6 as E at the end of
    // a TD3); where only a digit may stand, the cell is read again on its own as a digit.
    const misread = misreadDigitCells(mrz.format, mrz.lines);
    if (misread.length > 0 && misread.length <= MAX_DIGIT_REREADS) {
      const digits = await engine.readDigits(bytes, misread.map(({ line, index }) => cells.cellBox(line, index)), options);
      const reread = mrz.lines.map((text) => [...text]);
      misread.forEach(({ line, index }, i) => {
        if (digits[i]) reread[line]![index] = digits[i]!;
      });
      mrz = bestMrz(cells.format, reread.map((row) => row.join('')), []);
    }
    // A character swapped only because a check digit then held is a guess: below LOW_CONFIDENCE, so
    // the reading is flagged and goes to staff review instead of passing as checked.
    const confidence = mrz.guesses > 0 ? Math.min(cells.confidence, GUESSED_CONFIDENCE) : cells.confidence;
    return { cells: { ...mrz, confidence }, sawText: true };
  }

  return {
    async extract(input, options = {}): Promise<IdExtraction> {
      const run = { timeoutMs: config.timeoutMs, signal: options.signal };
      let sawText = false;
      try {
        for (const image of input.images) {
          const reading = await readMrz(image, run);
          sawText ||= reading.sawText;
          if (reading.cells) {
            return finishExtraction({ provider: 'local', kind: input.kind, today: input.today, visual: {}, mrzLines: reading.cells.lines, mrzConfidence: reading.cells.confidence });
          }
        }
      } catch (error) {
        throw engineError(error, options.signal);
      }
      if (input.kind === 'driving_licence') throw new AppError('upstream_rejected', 'The local document reader reads passports and ID cards by their machine-readable zone; driving licences need a cloud reader.');
      throw new AppError(
        'upstream_rejected',
        sawText
          ? 'The machine-readable zone (the lines of <<< at the bottom) could not be read. Please photograph the page flat, straight and sharp, with those lines in full.'
          : 'No text could be read in this picture. Please photograph the document flat, straight and well lit.',
      );
    },
    async healthCheck() {
      try {
        await engine.ready({ timeoutMs: config.timeoutMs });
      } catch (error) {
        throw engineError(error, undefined);
      }
    },
  };
}

export const localOcrProvider = defineProvider({
  id: 'local',
  kind: 'ocr',
  label: 'Local (tesseract, no cloud)',
  configSchema: localOcrConfigSchema,
  secretFields: [],
  capabilities: ['passport-mrz', 'id-card-mrz', 'offline'],
  fromEnv: () => settingsFromEnv({ modelPath: 'OCR_LOCAL_MODEL_PATH', timeoutMs: 'OCR_LOCAL_TIMEOUT_MS' }),
  create: (config) => createLocalOcr(config),
});
