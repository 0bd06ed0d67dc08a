/**
 * Repairs an MRZ as an OCR engine without an MRZ model reads it, using what ICAO 9303 fixes about
 * it: each position's character class (letters, digits, either) and its check digits. Pure, so it
 * is tested on strings; the local provider runs it on what tesseract read.
 *
 * 1. Coercion: a digit where only letters may stand is the letter it looks like (`0`→`O`, `1`→`I`,
 *    `5`→`S`, `8`→`B`, `2`→`Z`, `6`→`G`), and the other way round where only digits may stand.
 * 2. Check-digit search: in fields that may hold both (document and personal numbers), the same
 *    look-alikes are swapped, at most two at a time, and a swap is kept only when it is the one
 *    smallest swap that makes the field's check digit (and the composite) hold. This is a guess:
 *    a random swap satisfies a mod-10 check one time in ten, the composite is no second opinion
 *    (it weighs the document number exactly as its own check digit does), and the engine's
 *    confidence does not tell (it read OCR-B's 7 as T at 98 %). So a document whose check digit is
 *    really wrong (a forgery, a damaged page) can come out "repaired": every swap is counted in
 *    `guesses`, and the provider lowers its confidence so such a reading goes to staff review.
 */

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

/** `A` letters, `N` digits, `C` a digit or `<` (an optional check digit), `X` letters or digits, `S` sex. */
type CharClass = 'A' | 'N' | 'C' | 'X' | 'S';

/** A run of one class: [line, first position, end position (exclusive), class]. */
type Run = [number, number, number, CharClass];
/** A stretch of the MRZ: [line, first position, end position (exclusive)]. */
type Span = [number, number, number];

interface Check {
  /** What the check digit covers. */
  spans: Span[];
  digit: [line: number, position: number];
  /** Letters and digits may both stand here, so look-alikes are searched for. */
  searchable: boolean;
}

interface Layout {
  lines: number;
  length: number;
  runs: Run[];
  checks: Check[];
  composite: Check;
}

/** The second line of TD3 and TD2: document number, nationality, birth, sex, expiry, optional data. */
function travelDocumentLayout(length: 44 | 36): Layout {
  const optionalEnd = length - 1 - (length === 44 ? 1 : 0);
  const runs: Run[] = [
    [0, 0, length, 'A'],
    [1, 0, 9, 'X'],
    [1, 9, 10, 'N'],
    [1, 10, 13, 'A'],
    [1, 13, 20, 'N'],
    [1, 20, 21, 'S'],
    [1, 21, 28, 'N'],
    [1, 28, optionalEnd, 'X'],
    ...(length === 44 ? ([[1, 42, 43, 'C']] as Run[]) : []),
    [1, length - 1, length, 'N'],
  ];
  const checks: Check[] = [
    { spans: [[1, 0, 9]], digit: [1, 9], searchable: true },
    { spans: [[1, 13, 19]], digit: [1, 19], searchable: false },
    { spans: [[1, 21, 27]], digit: [1, 27], searchable: false },
    ...(length === 44 ? [{ spans: [[1, 28, 42]] as Span[], digit: [1, 42] as [number, number], searchable: true }] : []),
  ];
  const composite: Check = {
    spans: [
      [1, 0, 10],
      [1, 13, 20],
      [1, 21, length - 1],
    ],
    digit: [1, length - 1],
    searchable: false,
  };
  return { lines: 2, length, runs, checks, composite };
}

const LAYOUTS: Record<MrzFormat, Layout> = {
  TD3: travelDocumentLayout(44),
  TD2: travelDocumentLayout(36),
  TD1: {
    lines: 3,
    length: 30,
    runs: [
      [0, 0, 5, 'A'],
      [0, 5, 14, 'X'],
      [0, 14, 15, 'C'],
      [0, 15, 30, 'X'],
      [1, 0, 7, 'N'],
      [1, 7, 8, 'S'],
      [1, 8, 15, 'N'],
      [1, 15, 18, 'A'],
      [1, 18, 29, 'X'],
      [1, 29, 30, 'N'],
      [2, 0, 30, 'A'],
    ],
    checks: [
      { spans: [[0, 5, 14]], digit: [0, 14], searchable: true },
      { spans: [[1, 0, 6]], digit: [1, 6], searchable: false },
      { spans: [[1, 8, 14]], digit: [1, 14], searchable: false },
    ],
    composite: {
      spans: [
        [0, 5, 30],
        [1, 0, 7],
        [1, 8, 15],
        [1, 18, 29],
      ],
      digit: [1, 29],
      searchable: false,
    },
  },
};

export const mrzShape = (format: MrzFormat) => ({ lines: LAYOUTS[format].lines, length: LAYOUTS[format].length });

/** Letter and digit look-alikes in OCR output (OCR-B draws them apart, general models confuse them). */
const TO_DIGIT: Record<string, string> = { O: '0', Q: '0', D: '0', I: '1', Z: '2', S: '5', G: '6', T: '7', B: '8' };
const TO_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '7': 'T', '8': 'B' };
const SWAPS: Record<string, string> = { O: '0', '0': 'O', I: '1', '1': 'I', S: '5', '5': 'S', B: '8', '8': 'B', Z: '2', '2': 'Z', T: '7', '7': 'T' };
const MAX_SWAPS = 2;

const WEIGHTS = [7, 3, 1];
const charValue = (c: string) => (c === '<' ? 0 : c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55);
const checkDigitOf = (text: string) => [...text].reduce((sum, c, i) => sum + charValue(c) * WEIGHTS[i % 3]!, 0) % 10;

function coerce(c: string, charClass: CharClass): string {
  switch (charClass) {
    case 'A':
      return TO_LETTER[c] ?? c;
    case 'N':
      return TO_DIGIT[c] ?? c;
    case 'C':
      return c === '<' ? c : (TO_DIGIT[c] ?? c);
    case 'S':
      return c === 'M' || c === 'F' || c === 'X' || c === '<' ? c : c === 'H' ? 'M' : c === 'E' || c === 'P' ? 'F' : c;
    case 'X':
      return c;
  }
}

const textOf = (grid: string[][], spans: Span[]) => spans.map(([line, start, end]) => grid[line]!.slice(start, end).join('')).join('');
const holds = (grid: string[][], check: Check) => String(checkDigitOf(textOf(grid, check.spans))) === grid[check.digit[0]]![check.digit[1]];

/** Every set of `size` items of `items`, in order. */
function* fixedSize<T>(items: T[], size: number, start = 0, chosen: T[] = []): Generator<T[]> {
  if (chosen.length === size) {
    yield chosen;
    return;
  }
  for (let i = start; i < items.length; i += 1) yield* fixedSize(items, size, i + 1, [...chosen, items[i]!]);
}

export interface CorrectedMrz {
  format: MrzFormat;
  lines: string[];
  /** Characters changed by position class (a digit where only letters may stand, …): safe. */
  changes: number;
  /** Characters swapped because a check digit then held: a guess (see above). */
  guesses: number;
}

/**
 * The MRZ `lines` repaired for `format`. The lines must already have the format's shape (number
 * and length); characters outside `A–Z 0–9 <` are left for the parser to refuse.
 */
export function correctMrz(format: MrzFormat, lines: string[]): CorrectedMrz {
  const layout = LAYOUTS[format];
  const grid = lines.map((line) => [...line]);
  let changes = 0;
  let guesses = 0;
  for (const [line, start, end, charClass] of layout.runs) {
    for (let i = start; i < end; i += 1) {
      const fixed = coerce(grid[line]![i]!, charClass);
      if (fixed !== grid[line]![i]) [grid[line]![i], changes] = [fixed, changes + 1];
    }
  }
  for (const check of layout.checks) {
    if (!check.searchable || holds(grid, check)) continue;
    const positions = check.spans.flatMap(([line, start, end]) =>
      Array.from({ length: end - start }, (_, k) => [line, start + k] as const).filter(([l, i]) => SWAPS[grid[l]![i]!] !== undefined),
    );
    for (let size = 1; size <= MAX_SWAPS; size += 1) {
      const fixes = [...fixedSize(positions, size)].filter((chosen) => {
        const trial = grid.map((row) => [...row]);
        for (const [l, i] of chosen) trial[l]![i] = SWAPS[trial[l]![i]!]!;
        return holds(trial, check) && holds(trial, layout.composite);
      });
      if (fixes.length === 0) continue;
      // Two different swaps that both fit: the check digit cannot tell which, so neither is made.
      if (fixes.length === 1) {
        for (const [l, i] of fixes[0]!) grid[l]![i] = SWAPS[grid[l]![i]!]!;
        guesses += size;
      }
      break;
    }
  }
  return { format, lines: grid.map((row) => row.join('')), changes, guesses };
}

const checksHolding = (format: MrzFormat, lines: string[]) => {
  const layout = LAYOUTS[format];
  const grid = lines.map((line) => [...line]);
  return [...layout.checks, layout.composite].filter((check) => holds(grid, check)).length;
};

/** Readings tried at most when the engine left several cells open. */
const MAX_READINGS = 64;

/**
 * The repaired MRZ for the likeliest `lines` and the `alternatives` the engine left open in some
 * cells (likeliest first): the combination whose repair satisfies the most check digits, then the
 * one with the fewest guessed swaps, then the likelier one.
 */
export function bestMrz(format: MrzFormat, lines: string[], alternatives: Array<{ line: number; index: number; options: string[] }>): CorrectedMrz {
  let readings: string[][] = [lines];
  for (const { line, index, options } of alternatives) {
    if (readings.length * options.length > MAX_READINGS) break;
    readings = readings.flatMap((reading) => options.map((option) => reading.map((text, l) => (l === line ? text.slice(0, index) + option + text.slice(index + 1) : text))));
  }
  let best: { corrected: CorrectedMrz; score: number } | undefined;
  for (const reading of readings) {
    const corrected = correctMrz(format, reading);
    const score = checksHolding(format, corrected.lines);
    if (!best || score > best.score || (score === best.score && corrected.guesses < best.corrected.guesses)) best = { corrected, score };
  }
  return best!.corrected;
}

/** Cells where only a digit may stand (check digits, dates) but something else was read: worth reading again as digits. */
export function misreadDigitCells(format: MrzFormat, lines: string[]): Array<{ line: number; index: number }> {
  return LAYOUTS[format].runs.flatMap(([line, start, end, charClass]) =>
    charClass !== 'N' && charClass !== 'C'
      ? []
      : Array.from({ length: end - start }, (_, k) => ({ line, index: start + k })).filter(({ index }) => !/[0-9]/.test(lines[line]![index]!) && !(charClass === 'C' && lines[line]![index] === '<')),
  );
}
