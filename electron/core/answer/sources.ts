/**
 * Where numbers can come from: every line of every executed block's output, read robustly
 * (pandas tables, describe() in scientific notation, JSON lines, CSV text, "31,800", "12.5%"),
 * and how a stated number is matched against one found there. Pure.
 */
import type { Conversation } from '../../model/agent/conversation';
import { visibleOutput } from '../../model/exec/visible-output';
import type { StatedNumber } from './claims';
import {
  conventionOf,
  NUMBER_RUN,
  readAs,
  readingsOf,
  SCALE_GLUED,
  SCALES,
  withExponent,
  type Convention,
} from './numbers';

/** A number found in an output line. */
export interface Found {
  /** Signed, scaled; a percentage in percent. */
  value: number;
  step: number;
  percent: boolean;
  /** Scientific notation: its value is only known to its shown precision. */
  sci: boolean;
  /** Read as written; false for a piece of a run read another way ("6" of "31800,6"). */
  primary: boolean;
}

export interface SourceLine {
  /** The block's position among the conversation's executed blocks (1-based). */
  block: number;
  /** 1-based line in the block's output. */
  line: number;
  messageId: string;
  index: number;
  /** The line, lower-cased (for ranking sources by the words around a claim). */
  words: string;
  numbers: Found[];
}

/** The numbers on one output line; ambiguous runs ("1,234") are read by the line's convention, else `fallback`. */
export function numbersInLine(line: string, fallback: Convention = 'dot'): Found[] {
  const out: Found[] = [];
  const matches = [...line.matchAll(NUMBER_RUN)];
  let dot = 0;
  let comma = 0;
  for (const m of matches) {
    const readings = readingsOf(m[1]!);
    const c = readings.length === 1 ? conventionOf(readings[0]!) : null;
    if (c === 'dot') dot++;
    if (c === 'comma') comma++;
  }
  const convention: Convention = dot > comma ? 'dot' : comma > dot ? 'comma' : fallback;
  for (const m of matches) {
    const run = m[1]!;
    const i = m.index;
    const end = i + m[0].length;
    if (/[\p{L}_]/u.test(line[i - 1] ?? '')) continue; // float64, revenue_2024, x1
    const signed = /[-−]/.test(line[i - 1] ?? '') && !/[\p{L}\p{N}_.)]/u.test(line[i - 2] ?? '');
    const sign = signed ? -1 : 1;
    const after = line.slice(end);
    const percent = /^ ?%/.test(after);
    const parens = line[i - 1] === '(' && after.startsWith(')');
    const push = (value: number, step: number, sci: boolean, primary: boolean) => {
      out.push({ value: sign * value, step, percent, sci, primary });
      if (parens) out.push({ value: -value, step, percent, sci, primary });
    };
    const chosen = readAs(readingsOf(run), convention);
    const read = chosen && m[2] ? withExponent(chosen, Number(m[2])) : chosen;
    if (read) {
      push(read.value, read.step, read.sci, true);
      const scale = SCALE_GLUED.exec(after)?.[1];
      if (scale && SCALES[scale] && !percent)
        push(read.value * SCALES[scale], read.step * SCALES[scale], false, true);
    }
    // a run that is several numbers ("31800,6" in CSV text, "1,2,3")
    if (!read || (run.includes(',') && read.thousands !== ',')) {
      for (const part of run.split(',')) {
        const r = readAs(readingsOf(part), 'dot');
        if (r && part) push(r.value, r.step, false, false);
      }
    }
  }
  return out;
}

/**
 * Every output line of every executed block, in conversation order. Lines are counted in the
 * output as people see it (visibleOutput: without the machine lines older versions printed).
 */
export function outputLines(conversation: Conversation): SourceLine[] {
  const fallback: Convention = conversation.file?.profile?.decimal === ',' ? 'comma' : 'dot';
  const lines: SourceLine[] = [];
  let block = 0;
  for (const m of conversation.messages) {
    if (m.role !== 'assistant') continue;
    for (const b of [...m.blocks].sort((x, y) => x.index - y.index)) {
      if (!b.result) continue;
      block++;
      visibleOutput(b.result.output)
        .split('\n')
        .forEach((text, k) => {
          const numbers = numbersInLine(text.replace(/\r$/, ''), fallback);
          if (numbers.length)
            lines.push({
              block,
              line: k + 1,
              messageId: m.id,
              index: b.index,
              words: text.toLowerCase(),
              numbers,
            });
        });
    }
  }
  return lines;
}

/**
 * The output lines' numbers sorted by magnitude, so a claim is compared only with numbers near
 * it (as written, ×100 or /100); numbers in scientific notation (rare) are always compared.
 */
export class LineIndex {
  private readonly byMagnitude: { abs: number; line: number }[] = [];
  private readonly sci = new Set<number>();

  constructor(readonly lines: SourceLine[]) {
    lines.forEach((l, i) => {
      for (const n of l.numbers) {
        if (n.sci) this.sci.add(i);
        else this.byMagnitude.push({ abs: Math.abs(n.value), line: i });
      }
    });
    this.byMagnitude.sort((a, b) => a.abs - b.abs);
  }

  /** Indexes (in `lines`, in order) of the lines that may show the claim: check them with `matches`. */
  linesFor(claim: StatedNumber): number[] {
    const out = new Set(this.sci);
    const v = Math.abs(claim.value);
    const tol = claim.step / 2;
    for (const [lo, hi] of [
      [v - tol, v + tol],
      [(v - tol) / 100, (v + tol) / 100],
      [(v - tol) * 100, (v + tol) * 100],
    ] as const) {
      const slack = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
      let a = 0;
      let b = this.byMagnitude.length;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (this.byMagnitude[mid]!.abs < lo - slack) a = mid + 1;
        else b = mid;
      }
      for (let k = a; k < this.byMagnitude.length && this.byMagnitude[k]!.abs <= hi + slack; k++)
        out.add(this.byMagnitude[k]!.line);
    }
    return [...out].sort((x, y) => x - y);
  }
}

const close = (a: number, b: number, tolerance: number) =>
  Math.abs(a - b) <= tolerance + 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Whether `found` shows the number `claim` states, to the precision the claim shows: 26,700
 * is not 26712.3, 31.8k is 31800, 1.2M is 1,234,567, 12.5% is 0.125 (and a fraction is a
 * percentage / 100), a number in scientific notation counts to its own precision too. A claim
 * written without a sign matches either sign ("fell by 3.4%" for -3.4).
 */
export function matches(claim: StatedNumber, found: Found): boolean {
  const tries: [number, number][] = [[found.value, found.step]];
  if (claim.percent && !found.percent) tries.push([found.value * 100, found.step * 100]);
  if (!claim.percent && found.percent) tries.push([found.value / 100, found.step / 100]);
  return tries.some(([x, step]) => {
    const tolerance = claim.step / 2 + (found.sci ? step / 2 : 0);
    return claim.signed
      ? close(claim.value, x, tolerance)
      : close(Math.abs(claim.value), Math.abs(x), tolerance);
  });
}
