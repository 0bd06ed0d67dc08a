import { mrzShape, type MrzFormat } from './mrz-correction.js';

/**
 * Turns tesseract's symbols on the MRZ band into MRZ lines by the zone's geometry rather than by
 * the engine's text. An MRZ is printed in a fixed-pitch font, every line of the same length, so
 * each line is a row of equal cells: a symbol belongs to the cell its centre falls in, a cell
 * without a symbol is a filler `<`, and of two symbols in one cell the one nearer its centre wins.
 *
 * Fillers: tesseract's `eng` model reads OCR-B's `<` runs as K/L mixes (measured: every passport of
 * services.md §4.4, e.g. `ERIKSSON<K<ANNA<KMARIA<LLKLL…`). OCR-B's `<` is a chevron clearly shorter
 * than capitals and digits (at 40 px type 26 px against 29–31), so a symbol that short is a `<`,
 * whatever it was read as. Height, unlike a baseline, does not change along a slightly turned line.
 */

export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrSymbol {
  text: string;
  /** 0–100, as tesseract gives it. */
  confidence: number;
  bbox: OcrBox;
}

export interface OcrLine {
  text: string;
  bbox: OcrBox;
  symbols: OcrSymbol[];
}

export interface CellReading {
  format: MrzFormat;
  /** Each cell's likeliest character. */
  lines: string[];
  /**
   * Cells where the engine put two symbols that both look like characters (it sometimes adds one
   * between two glyphs): the characters it might be, likeliest first. The check digits decide.
   */
  alternatives: Array<{ line: number; index: number; options: string[] }>;
  /** Mean confidence of the cells, 0–1. */
  confidence: number;
  /** Where a cell is on the picture, to read it again on its own. */
  cellBox(line: number, index: number): { left: number; top: number; width: number; height: number };
}

/**
 * Fillers are the line's shortest symbols when they stand apart: at most this share of the median
 * height of the taller ones (OCR-B: `<` 0.78–0.87 of capitals and digits; capitals are 0.9–0.95 of
 * digits, so they never split this way).
 */
const FILLER_HEIGHT_SHARE = 0.9;
/** Confidence given to a cell read as `<` from its shape or its emptiness. */
const GEOMETRY_CONFIDENCE = 0.9;
const MIN_SYMBOLS_SHARE = 0.6;

const centre = (box: OcrBox) => (box.x0 + box.x1) / 2;
const heightOf = (symbol: OcrSymbol) => symbol.bbox.y1 - symbol.bbox.y0;
const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
};
const median = (values: number[]) => percentile(values, 0.5);

/** The tallest a filler is on this line: the top of the lowest cluster of heights, when it stands apart (else -1: no fillers). */
function fillerHeightOf(heights: number[]): number {
  const sorted = [...new Set(heights)].sort((a, b) => a - b);
  let split = -1;
  for (let i = 1; i < sorted.length; i += 1) {
    if (split < 0 || sorted[i]! - sorted[i - 1]! > sorted[split]! - sorted[split - 1]!) split = i;
  }
  if (split < 0) return -1;
  const taller = median(heights.filter((h) => h >= sorted[split]!));
  return sorted[split - 1]! <= FILLER_HEIGHT_SHARE * taller ? sorted[split - 1]! : -1;
}

/** Which MRZ format a set of lines of about `cells` symbols each is, if any. */
function formatOf(lineCount: number, cells: number): MrzFormat | undefined {
  const formats: MrzFormat[] = lineCount === 3 ? ['TD1'] : lineCount === 2 ? ['TD3', 'TD2'] : [];
  return formats.sort((a, b) => Math.abs(mrzShape(a).length - cells) - Math.abs(mrzShape(b).length - cells))[0];
}

/** The symbols of `line` that are not noise (dots, specks): at least a third of the median height. */
function inkedSymbols(line: OcrLine): OcrSymbol[] {
  const symbols = line.symbols.filter((s) => /^[A-Z0-9<]$/.test(s.text));
  const height = median(symbols.map(heightOf));
  return symbols.filter((s) => heightOf(s) >= height / 3);
}

/**
 * The MRZ in `lines` (the engine's lines on the band, top to bottom), read cell by cell; undefined
 * when they do not make up two or three lines of an MRZ's shape.
 */
export function readMrzCells(lines: OcrLine[]): CellReading | undefined {
  const rows = lines.map((line) => ({ line, symbols: inkedSymbols(line) })).filter((row) => row.symbols.length >= MIN_SYMBOLS_SHARE * 30);
  const candidate = rows.slice(-3).length === 3 && formatOf(3, rows.at(-1)!.symbols.length) ? rows.slice(-3) : rows.slice(-2);
  // Pitch: the usual distance between neighbouring symbols' centres (a missing cell doubles one,
  // a doubled symbol halves one; the median sees past both).
  const steps = candidate.flatMap(({ symbols }) => symbols.slice(1).map((s, i) => centre(s.bbox) - centre(symbols[i]!.bbox))).filter((step) => step > 0);
  const roughPitch = median(steps);
  if (roughPitch <= 0) return undefined;
  const first = median(candidate.map(({ symbols }) => centre(symbols[0]!.bbox)));
  const last = Math.max(...candidate.map(({ symbols }) => centre(symbols.at(-1)!.bbox)));
  const format = formatOf(candidate.length, Math.round((last - first) / roughPitch) + 1);
  if (!format) return undefined;
  const { length } = mrzShape(format);
  const pitch = (last - first) / (length - 1);
  if (Math.abs(pitch - roughPitch) > roughPitch * 0.25) return undefined;

  const confidences: number[] = [];
  const alternatives: CellReading['alternatives'] = [];
  const read = candidate.map(({ symbols }, lineIndex) => {
    const fillerHeight = fillerHeightOf(symbols.map(heightOf));
    const cells: OcrSymbol[][] = Array.from({ length }, () => []);
    for (const symbol of symbols) {
      const index = Math.round((centre(symbol.bbox) - first) / pitch);
      if (index >= 0 && index < length) cells[index]!.push(symbol);
    }
    return cells
      .map((held, index) => {
        const offset = (s: OcrSymbol) => Math.abs(centre(s.bbox) - (first + index * pitch));
        const fillers = held.filter((s) => heightOf(s) <= fillerHeight);
        if (held.length === 0 || fillers.length > 0) {
          confidences.push(Math.max(GEOMETRY_CONFIDENCE, ...fillers.filter((s) => s.text === '<').map((s) => s.confidence / 100)));
          return '<';
        }
        const ranked = [...held].sort((a, b) => offset(a) - offset(b));
        const options = [...new Set(ranked.map((s) => s.text))];
        if (options.length > 1) alternatives.push({ line: lineIndex, index, options });
        confidences.push(ranked[0]!.confidence / 100);
        return ranked[0]!.text;
      })
      .join('');
  });
  const extents = candidate.map(({ symbols }) => ({ top: Math.min(...symbols.map((s) => s.bbox.y0)), bottom: Math.max(...symbols.map((s) => s.bbox.y1)) }));
  const cellBox = (line: number, index: number) => {
    const { top, bottom } = extents[line]!;
    const margin = (bottom - top) / 3;
    return { left: Math.max(0, Math.round(first + (index - 0.6) * pitch)), top: Math.max(0, Math.round(top - margin)), width: Math.round(pitch * 1.2), height: Math.round(bottom - top + 2 * margin) };
  };
  return { format, lines: read, alternatives, confidence: confidences.reduce((sum, c) => sum + c, 0) / confidences.length, cellBox };
}
