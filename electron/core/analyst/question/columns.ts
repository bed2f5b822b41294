/**
 * Column mentions in a question: a column's name words (case, plural, spaces or underscores), a
 * unit suffix such as `_mm` optional, a stem ("survival" → `survived`), or the distinctive last
 * word of a name ("bill" → `total_bill`) when no other column has it.
 */
import { WORDS } from './keywords';
import { ENTITY, FILLER, forms, nameWords, singular, stem } from './words';

const UNITS = new Set([
  'mm',
  'cm',
  'm',
  'km',
  'g',
  'kg',
  'lb',
  'lbs',
  'usd',
  'eur',
  'gbp',
  'in',
  'ft',
  'sec',
  's',
]);
const GENERIC = new Set(
  'length width height depth total number count value amount date time name type id code year month day week size level rate score sum avg mean max min per no not is'.split(
    ' ',
  ),
);

export interface ColumnWords {
  name: string;
  words: string[];
  core: string[];
}

export function columnWords(columns: string[]): ColumnWords[] {
  return columns.map((name) => {
    const words = nameWords(name);
    let core = words;
    while (core.length > 1 && UNITS.has(core[core.length - 1] ?? '')) core = core.slice(0, -1);
    return { name, words, core };
  });
}

const sameWord = (token: string, word: string) => token === word || singular(token) === singular(word);

function matchesAt(tokens: string[], i: number, words: string[], how: 'exact' | 'stem'): boolean {
  if (!words.length || i + words.length > tokens.length) return false;
  return words.every((w, k) => {
    const t = tokens[i + k] ?? '';
    if (how === 'stem') return stem(t) === stem(w);
    return k === words.length - 1 ? forms(w).includes(t) || sameWord(t, w) : sameWord(t, w);
  });
}

/** Columns a single word names by a distinctive part of their name ("bill" → total_bill). */
function partialColumns(word: string, cols: ColumnWords[]): string[] {
  // Words for rows ("orders") are rows, not the `Order ID` or `Order Date` column.
  if (word.length < 4 || GENERIC.has(singular(word)) || FILLER.has(word) || WORDS[word] || ENTITY.has(word))
    return [];
  const heads = (c: ColumnWords): string[] => {
    if (c.core.length < 2) return [];
    const last = c.core[c.core.length - 1] ?? '';
    if (!GENERIC.has(last)) return [last];
    return c.core.length === 2 ? [c.core[0] ?? ''] : [];
  };
  const hit = cols.filter((c) =>
    heads(c).some((h) => h.length >= 4 && (sameWord(word, h) || stem(word) === stem(h))),
  );
  // The word must be the head of every column it appears in ("bill" in bill_length_mm and
  // bill_depth_mm is ambiguous; a word that is only part of some names is not a mention).
  const owners = cols.filter((c) => c.words.some((w) => sameWord(word, w) || stem(word) === stem(w)));
  return hit.length >= 1 && owners.length === hit.length ? hit.map((c) => c.name) : [];
}

/** The column mention that starts at `i`, longest first, or null. */
export function columnAt(
  words: string[],
  i: number,
  cols: ColumnWords[],
): { columns: string[]; length: number; tier: 'exact' | 'stem' | 'partial' } | null {
  for (const tier of ['exact', 'stem'] as const) {
    let best: { columns: string[]; length: number } | null = null;
    for (const c of cols) {
      for (const variant of c.core.length < c.words.length ? [c.words, c.core] : [c.words]) {
        if (!matchesAt(words, i, variant, tier)) continue;
        if (!best || variant.length > best.length) best = { columns: [c.name], length: variant.length };
        else if (variant.length === best.length && !best.columns.includes(c.name)) best.columns.push(c.name);
      }
    }
    if (best) return { ...best, tier };
  }
  const partial = partialColumns(words[i] ?? '', cols);
  return partial.length ? { columns: partial, length: 1, tier: 'partial' } : null;
}
