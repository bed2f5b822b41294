/**
 * Which numbers of an answer are claims, and what each one says. A claim is a number stated as
 * a figure: "$26,700", "31.8k", "12.5 %", "-3.4", "(€1,200)", "2.1 × 10^8". Not claims: dates
 * and times ("2026-03", "15/03/2026", "March 2026", "10:30"), years in a date context ("in
 * 2026", "2020–2024", "| 2026 |"), ordinals ("1st"), list markers ("1."), numbers glued to a
 * name ("revenue_2024", "Q3", "COVID-19"), numbers in code, labels ("block 2", "top 3",
 * "#1", "Python 3.11"), thresholds ("|r| ≥ 0.3"), versions ("1.2.3"). Rules and examples:
 * docs/agent.md, "Answers and number tracing". Pure.
 */
import {
  conventionOf,
  CURRENCY_AFTER,
  CURRENCY_BEFORE,
  NUMBER_RUN,
  PERCENT_AFTER,
  readAs,
  readingsOf,
  SCALE_GLUED,
  SCALE_WORD,
  SCALES,
  timesTen,
  withExponent,
  type Convention,
  type Reading,
} from './numbers';

/** A number stated in the text. Offsets are in the text it was found in. */
export interface StatedNumber {
  text: string;
  start: number;
  end: number;
  /** Signed and scaled; a percentage in percent. */
  value: number;
  /** The precision it shows, in the unit of `value`. */
  step: number;
  percent: boolean;
  /** Written with a sign (or as an accounting negative): only a number of that sign supports it. */
  signed: boolean;
}

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const DAY = '\\d{1,2}(?:st|nd|rd|th)?(?![\\d.,]\\d)';
/** Dates and times: every number inside is a label. */
const DATES = [
  /\b\d{4}-\d{1,2}(?:-\d{1,2})?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?![\d.,]\d)/g,
  /\b\d{4}\/\d{1,2}\/\d{1,2}\b/g,
  /\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?![\d.,]\d)/g,
  /\b\d{1,2}\/\d{4}\b/g,
  /\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?(?!\d)/gi,
  new RegExp(`\\b${MONTH}\\.?\\s+${DAY}(?:,?\\s+\\d{4})?`, 'g'),
  new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH}\\b\\.?(?:,?\\s+\\d{4})?`, 'g'),
  new RegExp(`\\b${MONTH}\\.?,?\\s+(?:of\\s+)?'?\\d{4}\\b`, 'g'),
  /\b(?:Q[1-4]|H[12]|FY)\s*[-/']?\s*\d{4}\b/g,
  /\b\d{4}\s*[-/]?\s*(?:Q[1-4]|H[12])\b/g,
  /\b(?:19|20)\d{2}\s*[-–—/]\s*(?:(?:19|20)\d{2}|\d{2})(?![\d.,]\d)/g,
];

const GLUED_CODE = /(?:USD|EUR|GBP|CHF|JPY|CNY|INR|CAD|AUD)$/;
const LABEL_BEFORE =
  /(?:\b(?:steps?|blocks?|figures?|fig\.|tables?|charts?|sections?|pages?|questions?|parts?|phases?|versions?|cells?|chapters?|appendix|lines?|footnotes?|options?|rank(?:ed)?|top|bottom|no\.|nr\.|python|pandas|numpy|matplotlib|levels?|tiers?|groups?|class|grade|rounds?|weeks?|days?)|#)[ \u00a0]*$/i;
const THRESHOLD_BEFORE = /(?:[<>≤≥⩽⩾]=?|=<|=>)[ \u00a0]*$/;
const HEDGE_BEFORE =
  /(?:\b(?:about|around|approximately|approx\.|roughly|nearly|almost|circa|ca\.|some|over|under|above|below|more than|less than|fewer than|at least|at most|up to|close to)|[~≈∼])[ \u00a0]*$/i;
const YEAR_BEFORE =
  /(?:\b(?:in|since|from|until|till|through|thru|to|by|during|between|and|or|before|after|year|years|fy|fiscal|early|late|mid|circa|for|vs\.?|versus|(?:end|start|beginning|middle|rest|half|quarter|spring|summer|autumn|fall|winter|course|part)\s+of)|[|(.!?]|\b[QH][1-4]|^)[ \u00a0]*$/i;
const YEAR_AFTER = /^(?:[ \u00a0]*[:)|]|['’]s\b|[ \u00a0]*[QH][1-4]\b)/i;
const SIGNS = '-−–+';

/** Ranges of `text` that are dates or times. */
function dateRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const re of DATES) for (const m of text.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** The writer's convention, from the numbers that can be read only one way ("3.5", "12,5"). */
export function conventionIn(text: string): Convention {
  let dot = 0;
  let comma = 0;
  for (const m of text.matchAll(NUMBER_RUN)) {
    const readings = readingsOf(m[1]!);
    if (readings.length !== 1) continue;
    const c = conventionOf(readings[0]!);
    if (c === 'dot') dot++;
    else if (c === 'comma') comma++;
  }
  return comma > dot ? 'comma' : 'dot';
}

const isYearLike = (run: string, r: Reading) => /^\d{4}$/.test(run) && r.value >= 1900 && r.value <= 2100;

/** The step an approximate integer shows: "about 27,000" is to the thousand. */
function hedgedStep(run: string, r: Reading): number {
  if (r.decimal) return r.step;
  const zeros = /0*$/.exec(run.replace(/\D/g, ''))![0].length;
  return zeros > 0 ? r.step * Number(`1e${zeros}`) : r.step;
}

/** The claims of `text` (an answer's prose, see plain.ts), in order. */
export function statedNumbers(text: string): StatedNumber[] {
  const dates = dateRanges(text);
  const convention = conventionIn(text);
  const out: StatedNumber[] = [];
  let consumed = 0;
  for (const m of text.matchAll(NUMBER_RUN)) {
    const run = m[1]!;
    const i = m.index;
    let j = i + m[0].length;
    if (i < consumed) continue; // the exponent of "2.1 × 10^8"
    if (dates.some(([a, b]) => i < b && j > a)) continue;
    const prev = text[i - 1] ?? '';
    const lineStart = text.lastIndexOf('\n', i - 1) + 1;
    const before = text.slice(Math.max(lineStart, i - 48), i);
    // glued to a name, a hash, a date or a ratio
    if (/[\p{L}_]/u.test(prev) && !GLUED_CODE.test(before)) continue;
    if (prev === '#' || (/[/:]/.test(prev) && /\d/.test(text[i - 2] ?? ''))) continue;
    if (/^[/:]\d/.test(text.slice(i + run.length)) && !m[2]) continue;
    if (SIGNS.includes(prev) && /\p{L}/u.test(text[i - 2] ?? '')) continue;
    const reading0 = readAs(readingsOf(run), convention);
    if (!reading0) continue;
    let reading: Reading | null = reading0;
    if (m[2]) reading = withExponent(reading0, Number(m[2]));
    else {
      const t = timesTen(text.slice(j));
      if (t) {
        reading = withExponent(reading0, t.exp);
        j += t.length;
        consumed = j;
      }
    }
    if (!reading) continue;
    // what comes before: a sign, a currency, an opening parenthesis
    let s = i;
    let sign = 0;
    let currency = false;
    const signAt = (p: number) =>
      p > 0 &&
      SIGNS.includes(text[p - 1]!) &&
      !/[\p{L}\p{N}_]/u.test(text[p - 2] ?? '') &&
      !/[\p{N}%)][ \u00a0]*$/u.test(text.slice(Math.max(0, p - 8), p - 1));
    if (signAt(s)) {
      sign = text[s - 1] === '+' ? 1 : -1;
      s--;
    }
    const cur = CURRENCY_BEFORE.exec(text.slice(Math.max(lineStart, s - 8), s));
    if (cur) {
      currency = true;
      s -= cur[0].length;
      if (!sign && signAt(s)) {
        sign = text[s - 1] === '+' ? 1 : -1;
        s--;
      }
    }
    // what comes after: percent, scale, currency; then what would make it a label
    let percent = false;
    let scale = 1;
    let rest = text.slice(j);
    const pct = PERCENT_AFTER.exec(rest);
    if (pct) {
      percent = true;
      j += pct[0].length;
    } else {
      const glued = SCALE_GLUED.exec(rest);
      const word = glued ? null : SCALE_WORD.exec(rest);
      const suffix = glued?.[1] ?? word?.[1];
      if (suffix && (suffix !== 'm' && suffix !== 'b' ? true : currency)) {
        scale = suffix === 'm' ? 1e6 : suffix === 'b' ? 1e9 : SCALES[suffix]!;
        j += (glued ?? word)![0].length;
      }
      const after = CURRENCY_AFTER.exec(text.slice(j));
      if (after) {
        currency = true;
        j += after[0].length;
      }
    }
    rest = text.slice(j);
    const multiplier = /^[x×](?![\p{L}\p{N}])/u.exec(rest);
    if (multiplier) j += 1;
    else if (/^(?:st|nd|rd|th)(?![\p{L}])/u.test(rest)) continue; // an ordinal
    if (/^-\p{L}/u.test(rest)) continue; // "5-year": part of a label
    const plainNumber = !percent && scale === 1 && !currency && !sign && !m[2];
    if (
      plainNumber &&
      /^\d{1,3}$/.test(run) &&
      /^\s*$/.test(text.slice(lineStart, i)) &&
      /^[.)](?=\s|$)/.test(rest)
    )
      continue; // a list marker
    const lead = text.slice(Math.max(lineStart, s - 48), s);
    if (THRESHOLD_BEFORE.test(lead) || LABEL_BEFORE.test(lead)) continue;
    if (plainNumber && isYearLike(run, reading)) {
      if (/^s\b/.test(rest) || YEAR_BEFORE.test(text.slice(lineStart, s)) || YEAR_AFTER.test(rest)) continue;
    }
    // "(€1,200)" may be an accounting negative or an aside: unsigned, it matches either sign
    const step = (HEDGE_BEFORE.test(lead) ? hedgedStep(run, reading) : reading.step) * scale;
    out.push({
      text: text.slice(s, j),
      start: s,
      end: j,
      value: (sign < 0 ? -1 : 1) * reading.value * scale,
      step,
      percent,
      signed: sign !== 0,
    });
  }
  return out;
}

/** Every value a short text (the question) mentions, read every way it can be. */
export function mentionedValues(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(NUMBER_RUN)) {
    const after = text.slice(m.index + m[0].length);
    const scale = SCALES[SCALE_GLUED.exec(after)?.[1] ?? SCALE_WORD.exec(after)?.[1] ?? ''] ?? 1;
    for (const r of readingsOf(m[1]!)) {
      const read = m[2] ? withExponent(r, Number(m[2])) : r;
      if (read) out.push(read.value, read.value * scale);
    }
  }
  return out;
}
