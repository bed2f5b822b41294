/**
 * Which values of the data a stretch of question words names: a number only the value with its
 * sign, and of a column's values only its case and spacing variants, or the one written as in
 * the question.
 */
import type { Scalar } from '../ops/types';
import { foldKey, type Token } from './words';

export interface ValueCandidate {
  length: number;
  options: { column: string; value: Scalar }[];
  written: string;
  several: string[];
}

/**
 * A number is the value it says: the keys values are matched by drop signs, so "-5" finds 5 and
 * -5 (and "5" finds both): only the value with the same sign is kept. A phrase of several words
 * with a negative number in it matches nothing.
 */
export function sameNumber(stretch: Token[], options: { column: string; value: Scalar }[]) {
  const numbers = stretch.filter((t) => t.kind === 'number');
  if (!numbers.length) return options;
  if (stretch.length > 1) return numbers.some((t) => (t.value ?? 0) < 0) ? [] : options;
  const x = numbers[0]?.value ?? 0;
  return options.filter(({ value: v }) => {
    if (typeof v === 'number') return v === x;
    if (typeof v !== 'string') return x >= 0;
    const n = Number(v.trim().replace(/^[−–]/, '-'));
    if (v.trim() !== '' && Number.isFinite(n)) return n === x;
    return x >= 0 && !/^\s*[-−–]/.test(v);
  });
}

/**
 * The question's spelling of a value, and which of the values its words match are the same
 * value: case and spacing variants ("North", "north", "North ") are; "A+", "A" and "A-" (all
 * keyed "a") are not, and only the one written as in the question is kept. Where none is written
 * that way, the column is marked: naming it as a condition is declined.
 */
export function spellings(
  question: string,
  stretch: Token[],
  options: { column: string; value: Scalar }[],
): ValueCandidate {
  const first = stretch[0] as Token;
  const last = stretch[stretch.length - 1] as Token;
  const glued = /^[^\s\p{L}\p{N}?!.,;:'"’”)\]]+/u.exec(question.slice(last.end))?.[0] ?? '';
  const written = question.slice(first.start, last.end) + glued;
  const kept: { column: string; value: Scalar }[] = [];
  const several: string[] = [];
  for (const column of [...new Set(options.map((o) => o.column))]) {
    const mine = options.filter((o) => o.column === column);
    const folds = new Set(
      mine.map((o) => (typeof o.value === 'string' ? foldKey(o.value) : String(o.value))),
    );
    if (folds.size <= 1) {
      kept.push(...mine);
      continue;
    }
    const exact = mine.filter((o) => typeof o.value === 'string' && foldKey(o.value) === foldKey(written));
    if (exact.length) kept.push(...exact);
    else {
      kept.push(...mine);
      several.push(column);
    }
  }
  return { length: stretch.length, options: kept, written, several };
}
