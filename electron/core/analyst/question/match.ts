/**
 * Reading a question against the data: each stretch of words becomes an item — a column, a
 * value found in the data (by the lookup step), a keyword, a date part, a number, a filler
 * word — or stays unknown. At each position the longest reading wins; on equal length a value
 * of the data wins over a column name, a column name over a keyword (except aggregation words
 * such as "total" that are followed by another mention), a keyword over a date part.
 */
import type { Scalar } from '../ops/types';
import { columnAt, columnWords } from './columns';
import { AGG_WORDS, PHRASES, WORDS, type Kw } from './keywords';
import { sameNumber, spellings, type ValueCandidate } from './values';
import {
  calendarAliases,
  ENTITY,
  FILLER,
  forms,
  keyOf,
  monthOf,
  nameWords,
  NUMBER_WORDS,
  singular,
  tokenize,
  type DecimalMark,
  type Token,
} from './words';

export interface LookupData {
  /** Values of the data whose key equals a phrase of the question. */
  matches: { column: string; value: Scalar; key: string }[];
  /** More matches existed than were reported. */
  truncated: boolean;
  /** Two-valued columns (yes/no, true/false, 1/0) named in the question, with their "yes" value. */
  flags: Map<string, { yes: Scalar; no: Scalar }>;
  /** Numeric columns named in the question: range, distinct values (capped), all whole numbers. */
  ranges: Map<string, { min: number | null; max: number | null; distinct: number; integers: boolean }>;
}

export interface QuestionContext {
  fileName: string;
  rows: number;
  columns: string[];
  /** Numeric columns that can be added up or averaged (the overview's measures). */
  measures: string[];
  categories: string[];
  texts: string[];
  dates: string[];
  years: string[];
  ids: string[];
  /** Columns the file wrote as percentages (never summed). */
  percent?: string[];
  /** The file's decimal mark, which decides how "5.000" or "12,5" in the question is read (default '.'). */
  decimal?: DecimalMark;
  lookup: LookupData | null;
}

export type Item = { start: number; end: number; text: string } & (
  | { kind: 'column'; columns: string[]; tier: 'exact' | 'stem' | 'partial' }
  | {
      kind: 'value';
      options: { column: string; value: Scalar }[];
      weak: boolean;
      /** The question's own spelling, punctuation glued to it included ("A+", "C#"). */
      written: string;
      /** Columns where the words match several values that are not mere case or spacing variants. */
      several?: string[];
    }
  | { kind: 'kw'; kw: Kw; word: string }
  | { kind: 'month'; month: number }
  | { kind: 'number'; value: number; percent: boolean; dashed?: boolean }
  | { kind: 'date'; iso: string }
  | { kind: 'month-date'; year: number; month: number }
  | { kind: 'decade'; year: number; short: boolean }
  | { kind: 'unclear'; readings: string[] }
  | { kind: 'filler' }
  | { kind: 'entity' }
  | { kind: 'unknown' }
);
const MAX_PHRASE = 6;

/** The keys a stretch of question words may match a value by (plural/singular, weekday and month names). */
export function phraseKeys(words: string[]): string[] {
  const last = words[words.length - 1] ?? '';
  const head = words.slice(0, -1).join(' ');
  const lasts = new Set([...forms(last), ...(words.length === 1 ? calendarAliases(last) : [])]);
  return [...lasts].map((w) => (head ? `${head} ${w}` : w));
}

/** Every key the lookup step should search the data for: all stretches of up to 6 words. */
export function lookupKeys(question: string, decimal: DecimalMark = '.'): string[] {
  const words = tokenize(question, decimal)
    .filter((t) => t.kind === 'word' || t.kind === 'number')
    .map((t) => t.text);
  const keys = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= MAX_PHRASE && i + n <= words.length; n++) {
      for (const k of phraseKeys(words.slice(i, i + n))) keys.add(keyOf(k));
    }
  }
  return [...keys].filter(Boolean).sort().slice(0, 2000);
}
function isWeak(word: string): boolean {
  return (
    word.length <= 2 ||
    /^\d/.test(word) ||
    FILLER.has(word) ||
    ENTITY.has(word) ||
    word in WORDS ||
    word in NUMBER_WORDS ||
    ['yes', 'no', 'true', 'false', 'none', 'other', 'others', 'unknown', 'all', 'n', 'y'].includes(word)
  );
}

/** Words after "who"/"that" that make it a pronoun rather than a column of that name. */
const RELATIVE_NEXT = new Set([
  'did',
  'do',
  'does',
  'were',
  'was',
  'are',
  'is',
  'had',
  'has',
  'have',
  'not',
  'can',
  'could',
  'will',
  'would',
]);
const TIME_PREP = new Set([
  'in',
  'during',
  'of',
  'since',
  'until',
  'before',
  'after',
  'from',
  'to',
  'between',
  'and',
  'through',
]);

/** The column names mentioned anywhere in a question (for the lookup step's flags and ranges). */
export function mentionedColumns(question: string, columns: string[]): string[] {
  const words = tokenize(question).map((t) => t.text);
  const cols = columnWords(columns);
  const found = new Set<string>();
  for (let i = 0; i < words.length; i++)
    for (const c of columnAt(words, i, cols)?.columns ?? []) found.add(c);
  return columns.filter((c) => found.has(c));
}

/** Reads the question into items. */
export function readQuestion(question: string, ctx: QuestionContext): Item[] {
  const tokens = tokenize(question, ctx.decimal ?? '.');
  const words = tokens.map((t) => t.text);
  const cols = columnWords(ctx.columns);
  const valueIndex = new Map<string, { column: string; value: Scalar }[]>();
  for (const m of ctx.lookup?.matches ?? []) {
    const list = valueIndex.get(m.key) ?? [];
    if (!list.some((o) => o.column === m.column && o.value === m.value))
      list.push({ column: m.column, value: m.value });
    valueIndex.set(m.key, list);
  }
  const stemWords = new Set(nameWords(ctx.fileName.replace(/\.[^.]*$/, '')).map(singular));
  const items: Item[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as Token;
    const span = (length: number) => ({
      start: i,
      end: i + length,
      text: tokens
        .slice(i, i + length)
        .map((t) => t.raw)
        .join(' '),
    });
    if (token.kind === 'date') {
      items.push({ ...span(1), kind: 'date', iso: token.text });
      i += 1;
      continue;
    }
    if (token.kind === 'month-date') {
      items.push({ ...span(1), kind: 'month-date', year: token.value ?? 0, month: token.month ?? 0 });
      i += 1;
      continue;
    }
    if (token.kind === 'decade') {
      items.push({ ...span(1), kind: 'decade', year: token.value ?? 0, short: token.short ?? false });
      i += 1;
      continue;
    }
    if (token.kind === 'unclear') {
      items.push({ ...span(1), kind: 'unclear', readings: token.readings ?? [] });
      i += 1;
      continue;
    }
    // Candidates, longest first.
    let value: ValueCandidate | null = null;
    for (let n = Math.min(MAX_PHRASE, tokens.length - i); n >= 1 && !value; n--) {
      const stretch = tokens.slice(i, i + n);
      if (stretch.some((t) => t.kind !== 'word' && t.kind !== 'number')) continue;
      const options = phraseKeys(stretch.map((t) => t.text)).flatMap((k) => valueIndex.get(keyOf(k)) ?? []);
      const unique = sameNumber(
        stretch,
        options.filter(
          (o, k) => options.findIndex((p) => p.column === o.column && p.value === o.value) === k,
        ),
      );
      if (unique.length) value = spellings(question, stretch, unique);
    }
    const column = columnAt(words, i, cols);
    let phrase: { length: number; kw: Kw } | null = null;
    for (const [text, kw] of PHRASES) {
      const parts = text.split(' ');
      if (parts.every((p, k) => words[i + k] === p) && (!phrase || parts.length > phrase.length))
        phrase = { length: parts.length, kw };
    }
    const exact = column && column.tier === 'exact' ? column : null;
    const word = token.text;
    const mayIsMonth =
      word !== 'may' ||
      (i > 0 &&
        (TIME_PREP.has(words[i - 1] ?? '') || /^\d{4}$/.test(words[i + 1] ?? '') || token.raw === 'May'));
    if (value && value.length === 1 && isWeak(word) && !(monthOf(word) && mayIsMonth)) {
      // A short or common word ("no", "s", "4", "total") is a value only right beside its column.
      const prev = items[items.length - 1];
      const before =
        prev?.kind === 'kw' && (prev.kw === 'verb' || prev.kw === 'eq') ? items[items.length - 2] : prev;
      // After a comparison ("more than 2 passengers") or a rank ("top 5"), a number is a number.
      const counted =
        prev?.kind === 'kw' &&
        ['gt', 'gte', 'lt', 'lte', 'between', 'and', 'to', 'top', 'bottom'].includes(prev.kw);
      const near = new Set([
        ...(before?.kind === 'column' ? before.columns : []),
        ...(columnAt(words, i + 1, cols)?.columns ?? []),
      ]);
      const options =
        counted && token.kind === 'number' ? [] : value.options.filter((o) => near.has(o.column));
      value = options.length ? { ...value, options } : null;
    }
    const lengths = [value?.length ?? 0, exact?.length ?? 0, phrase?.length ?? 0];
    const longest = Math.max(...lengths);
    const nextIsMention = () => {
      for (let j = i + 1; j < tokens.length; j++) {
        const w = words[j] ?? '';
        if (w === 'of' || w === 'the') continue;
        return (
          columnAt(words, j, cols) !== null || ENTITY.has(w) || stemWords.has(singular(w)) || w === 'number'
        );
      }
      return false;
    };
    const aggWord = AGG_WORDS.has(word) && longest === 1 && nextIsMention();
    if (longest > 0 && !aggWord) {
      if (value && value.length === longest) {
        items.push({
          ...span(longest),
          kind: 'value',
          options: value.options,
          weak: false,
          written: value.written,
          ...(value.several.length ? { several: value.several } : {}),
        });
        i += longest;
        continue;
      }
      // A column named like a pronoun ("who") is the pronoun in "passengers who survived".
      const nextFlag = (columnAt(words, i + 1, cols)?.columns ?? []).some((c) => ctx.lookup?.flags.has(c));
      const pronoun =
        longest === 1 && FILLER.has(word) && (RELATIVE_NEXT.has(words[i + 1] ?? '') || nextFlag);
      if (pronoun) {
        items.push({ ...span(1), kind: 'filler' });
        i += 1;
        continue;
      }
      if (exact && exact.length === longest) {
        items.push({ ...span(longest), kind: 'column', columns: exact.columns, tier: 'exact' });
        i += longest;
        continue;
      }
      if (phrase && phrase.length === longest) {
        items.push({
          ...span(longest),
          kind: 'kw',
          kw: phrase.kw,
          word: words.slice(i, i + longest).join(' '),
        });
        i += longest;
        continue;
      }
    }
    if (token.kind === 'number') {
      const dashed = token.dashed ? { dashed: true } : {};
      items.push({
        ...span(1),
        kind: 'number',
        value: token.value ?? 0,
        percent: token.percent ?? false,
        ...dashed,
      });
      i += 1;
      continue;
    }
    const month = monthOf(word);
    if (month && mayIsMonth) {
      items.push({ ...span(1), kind: 'month', month });
      i += 1;
      continue;
    }
    const kw = WORDS[word];
    if (kw) {
      items.push({ ...span(1), kind: 'kw', kw, word });
      i += 1;
      continue;
    }
    if (word in NUMBER_WORDS) {
      items.push({ ...span(1), kind: 'number', value: NUMBER_WORDS[word] ?? 0, percent: false });
      i += 1;
      continue;
    }
    if (column) {
      items.push({ ...span(column.length), kind: 'column', columns: column.columns, tier: column.tier });
      i += column.length;
      continue;
    }
    if (ENTITY.has(word) || stemWords.has(singular(word))) items.push({ ...span(1), kind: 'entity' });
    else if (FILLER.has(word)) items.push({ ...span(1), kind: 'filler' });
    else items.push({ ...span(1), kind: 'unknown' });
    i += 1;
  }
  return markWhich(items, ctx);
}
/** "what day has…" reads as "which day has…" when a grouping column follows "what". */
function markWhich(items: Item[], ctx: QuestionContext): Item[] {
  return items.map((item, k) => {
    const next = items[k + 1];
    if (item.kind !== 'filler' || item.text.toLowerCase() !== 'what') return item;
    if (next?.kind === 'column' && next.columns.length === 1 && !ctx.measures.includes(next.columns[0] ?? ''))
      return { ...item, kind: 'kw', kw: 'which', word: 'what' };
    if (next?.kind === 'kw' && next.kw.startsWith('freq-'))
      return { ...item, kind: 'kw', kw: 'which', word: 'what' };
    return item;
  });
}
