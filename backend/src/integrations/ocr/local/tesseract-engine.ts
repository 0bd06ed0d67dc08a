/// <reference path="../../../types/tesseract-js-data-eng.d.ts" />
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { access } from 'node:fs/promises';
import eng from '@tesseract.js-data/eng';
import { createWorker, PSM, type Page, type Rectangle, type Worker } from 'tesseract.js';
import type { OcrLine } from './mrz-cells.js';

/**
 * One long-lived tesseract.js worker per model folder, shared by every property that uses the
 * local provider: starting one costs about 0.3–0.9 s and ~215 MB (services.md §4.4), far more than
 * a reading (0.2–0.5 s). A worker runs one job at a time, and a reading is two jobs with different
 * parameters, so readings are queued here and never interleave. A reading that overruns its
 * timeout, or whose caller gives up, cannot be stopped inside the WebAssembly engine: the worker is
 * terminated and the next reading starts a new one.
 */

/** The `eng` model shipped in the npm package: nothing is downloaded. */
export const DEFAULT_MODEL_PATH = eng.langPath;
/** Photos carry no usable resolution; saying 300 spares tesseract estimating it (and printing that it did). */
const DPI = '300';
export const MRZ_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
}
export class EngineTimeoutError extends Error {
  override name = 'EngineTimeoutError';
}

export interface PageReading {
  text: string;
  /** 0–100 */
  confidence: number;
  lines: OcrLine[];
}

export interface Engine {
  /** The whole page as the engine sees text on it (automatic layout, no whitelist). */
  readPage(image: Buffer, options: RunOptions): Promise<PageReading>;
  /** One block of MRZ characters only (whitelist, single block), in `rectangle` or the whole image. */
  readMrzBlock(image: Buffer, rectangle: Rectangle | undefined, options: RunOptions): Promise<PageReading>;
  /**
   * Each rectangle as one raw line of MRZ characters (whitelist, PSM RAW_LINE). Measured on OCR-B
   * MRZs: per line, the engine invents fewer symbols between glyphs than reading the band as a block.
   */
  readMrzLines(image: Buffer, rectangles: Rectangle[], options: RunOptions): Promise<OcrLine[]>;
  /** Each rectangle as one digit (whitelist 0–9, PSM SINGLE_CHAR); '' where none was seen. */
  readDigits(image: Buffer, rectangles: Rectangle[], options: RunOptions): Promise<string[]>;
  /** Resolves once the engine is up (the shared worker started), for health checks. */
  ready(options: RunOptions): Promise<void>;
}

export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

interface Shared {
  worker: Promise<Worker>;
  queue: Promise<unknown>;
  /** Set when the worker was terminated; a job still running on it stops at its next step. */
  discarded: boolean;
}

const shared = new Map<string, Shared>();

function linesOf(page: Page): OcrLine[] {
  return (page.blocks ?? []).flatMap((block) =>
    block.paragraphs.flatMap((paragraph) =>
      paragraph.lines.map((line) => ({
        text: line.text.trim(),
        bbox: line.bbox,
        symbols: line.words.flatMap((word) => word.symbols.map((symbol) => ({ text: symbol.text, confidence: symbol.confidence, bbox: symbol.bbox }))),
      })),
    ),
  );
}

async function startWorker(modelPath: string): Promise<Worker> {
  // tesseract.js waits forever for a model file that is not there, so its absence is checked first.
  try {
    await access(join(modelPath, 'eng.traineddata.gz'));
  } catch (error) {
    throw new EngineUnavailableError(`There is no eng.traineddata.gz in ${modelPath}.`, { cause: error });
  }
  try {
    // The cache holds the unpacked model between runs (tesseract.js would otherwise write it to the
    // working directory). The error handler is silent because a failed job also rejects its own
    // promise, which the caller handles; tesseract.js's default handler rethrows it, unhandled.
    return await createWorker('eng', 1, { langPath: modelPath, gzip: true, cachePath: join(tmpdir(), 'innkeeper-tesseract'), logger: () => undefined, errorHandler: () => undefined });
  } catch (error) {
    throw new EngineUnavailableError(`tesseract could not start with the model in ${modelPath}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function sharedFor(modelPath: string): Shared {
  let entry = shared.get(modelPath);
  if (!entry) {
    entry = { worker: startWorker(modelPath), queue: Promise.resolve(), discarded: false };
    // A worker that failed to start is not kept: the next reading tries again.
    entry.worker.catch(() => {
      if (shared.get(modelPath) === entry) shared.delete(modelPath);
    });
    shared.set(modelPath, entry);
  }
  return entry;
}

/** Ends a worker that overran or was abandoned, so that the next reading gets a fresh one. */
function discard(modelPath: string, entry: Shared) {
  entry.discarded = true;
  if (shared.get(modelPath) === entry) shared.delete(modelPath);
  void entry.worker.then((worker) => worker.terminate()).catch(() => undefined);
}

/** The worker of `entry` for one step of a job, or an error once the worker has been terminated. */
const step = (entry: Shared, worker: Worker) => {
  if (entry.discarded) throw new EngineUnavailableError('the tesseract worker was stopped');
  return worker;
};

function run<T>(modelPath: string, job: (worker: () => Worker) => Promise<T>, options: RunOptions): Promise<T> {
  options.signal?.throwIfAborted();
  const entry = sharedFor(modelPath);
  const queued = entry.queue.then(async () => {
    const worker = await entry.worker;
    return job(() => step(entry, worker));
  });
  entry.queue = queued.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const stop = (error: unknown) => {
      cleanup();
      discard(modelPath, entry);
      reject(error);
    };
    const onAbort = () => stop(options.signal!.reason);
    const timer = setTimeout(() => stop(new EngineTimeoutError(`tesseract did not finish within ${options.timeoutMs} ms`)), options.timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    queued.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}

const reading = (page: Page): PageReading => ({ text: page.text, confidence: page.confidence, lines: linesOf(page) });

/**
 * Reads `image` with these settings, once for each rectangle (undefined: the whole picture), one
 * job, so no other reading can change the settings in between.
 */
function recognizeWith(modelPath: string, whitelist: string, mode: PSM, image: Buffer, rectangles: Array<Rectangle | undefined>, options: RunOptions): Promise<Page[]> {
  return run(
    modelPath,
    async (worker) => {
      await worker().setParameters({ tessedit_char_whitelist: whitelist, tessedit_pageseg_mode: mode, user_defined_dpi: DPI });
      const pages: Page[] = [];
      for (const rectangle of rectangles) pages.push((await worker().recognize(image, rectangle ? { rectangle } : {}, { blocks: true })).data);
      return pages;
    },
    options,
  );
}

export function tesseractEngine(modelPath: string = DEFAULT_MODEL_PATH): Engine {
  return {
    ready: (options) => run(modelPath, async (worker) => void worker(), options),
    readPage: async (image, options) => reading((await recognizeWith(modelPath, '', PSM.AUTO, image, [undefined], options))[0]!),
    readMrzBlock: async (image, rectangle, options) => reading((await recognizeWith(modelPath, MRZ_CHARACTERS, PSM.SINGLE_BLOCK, image, [rectangle], options))[0]!),
    readMrzLines: async (image, rectangles, options) => (await recognizeWith(modelPath, MRZ_CHARACTERS, PSM.RAW_LINE, image, rectangles, options)).flatMap(linesOf),
    readDigits: async (image, rectangles, options) =>
      (await recognizeWith(modelPath, '0123456789', PSM.SINGLE_CHAR, image, rectangles, options)).map((page) => page.text.trim().slice(0, 1)),
  };
}

/** Terminates every shared worker (process shutdown, end of a test file); a later reading starts a new one. */
export async function closeTesseractWorkers(): Promise<void> {
  const entries = [...shared.values()];
  shared.clear();
  await Promise.all(entries.map((entry) => entry.worker.then((worker) => worker.terminate()).catch(() => undefined)));
}
