/**
 * The words of a question: tokens, normalised keys (the same rule the lookup step applies to
 * the data's values in Python), plural and stem forms, and the small vocabularies the parser
 * knows (weekdays, months, number words, filler words).
 */

export type TokenKind = 'word' | 'number' | 'date' | 'month-date' | 'symbol';

export interface Token {
  /** Lowercased text (a number's digits without separators, an ISO date as written). */
  text: string;
  /** As written in the question. */
  raw: string;
  kind: TokenKind;
  /** For numbers: the value; for `month-date` (2026-03) the year. */
  value?: number;
  /** For `month-date`: the month (1–12). */
  month?: number;
  /** A number written with `%` or a currency sign. */
  percent?: boolean;
}

const TOKEN =
  /(\d{4}-\d{2}-\d{2})|(\d{4}-\d{2})(?![\d-])|([$€£]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(%?)|(>=|<=|[<>=%])|([\p{L}\p{N}]+)/gu;

/** Splits a question into tokens: ISO dates, year-months, numbers, comparison symbols, words. */
export function tokenize(question: string): Token[] {
  const out: Token[] = [];
  for (const m of question.matchAll(TOKEN)) {
    const [raw, date, monthDate, , digits, pct, symbol, word] = m;
    if (date) out.push({ text: date, raw, kind: 'date' });
    else if (monthDate) {
      const [y, mo] = monthDate.split('-').map(Number);
      if (mo && mo >= 1 && mo <= 12)
        out.push({ text: monthDate, raw, kind: 'month-date', value: y, month: mo });
      else out.push({ text: monthDate, raw, kind: 'symbol' });
    } else if (digits !== undefined) {
      const value = Number(digits.replace(/,/g, ''));
      out.push({ text: String(value), raw, kind: 'number', value, percent: pct === '%' });
    } else if (symbol) out.push({ text: symbol, raw, kind: 'symbol' });
    else if (word) {
      // Letters glued to digits ("q1", "2nd") stay one word.
      out.push({ text: word.toLowerCase(), raw: word, kind: 'word' });
    }
  }
  return out;
}

/**
 * The key a text is compared by: lowercase, every run of characters that are not letters or
 * digits (underscores included) becomes one space, trimmed. The lookup step's Python applies
 * `str.lower()` and `[\W_]+ → ' '`, which agree with this on letters, digits and the rest.
 */
export function keyOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A column name's words: camelCase and letter/digit boundaries split, lowercased. */
export function nameWords(name: string): string[] {
  return keyOf(name.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2'))
    .split(' ')
    .filter(Boolean);
}

const IRREGULAR: Record<string, string> = {
  women: 'woman',
  men: 'man',
  children: 'child',
  people: 'person',
  mice: 'mouse',
  feet: 'foot',
  teeth: 'tooth',
};

/** The singular of a word, as far as simple English rules go ("boxes" → "box", "cities" → "city"). */
export function singular(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular) return irregular;
  if (word.length <= 3 || word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Forms a question word may take for a name word: itself, its singular, its plural. */
export function forms(word: string): string[] {
  const one = singular(word);
  const set = new Set([word, one, `${one}s`]);
  if (one.endsWith('y') && one.length > 3) set.add(`${one.slice(0, -1)}ies`);
  if (/(ch|sh|x|s|z)$/.test(one)) set.add(`${one}es`);
  for (const [plural, sing] of Object.entries(IRREGULAR)) if (sing === one) set.add(plural);
  return [...set];
}

/** A rough stem: "survived", "survival", "survivors" → "surviv"; "smokers", "smoking" → "smok". */
export function stem(word: string): string {
  let w = singular(word);
  for (const suffix of ['ing', 'ors', 'ers', 'ed', 'al', 'or', 'er', 'ion']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.endsWith('e') && w.length >= 5) w = w.slice(0, -1);
  return w;
}

const DAY_NAMES = [
  ['sunday', 'sun'],
  ['monday', 'mon'],
  ['tuesday', 'tue', 'tues'],
  ['wednesday', 'wed'],
  ['thursday', 'thu', 'thur', 'thurs'],
  ['friday', 'fri'],
  ['saturday', 'sat'],
];

export const MONTH_NAMES = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sep', 'sept'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
];

/** The other names of a weekday or month word, e.g. "sundays" → sunday, sun; "thursday" → thu, thur, thurs. */
export function calendarAliases(word: string): string[] {
  const one = singular(word);
  for (const names of [...DAY_NAMES, ...MONTH_NAMES]) if (names.includes(one)) return names;
  return [];
}

/** The month (1–12) a word names in full ("march") or by a safe abbreviation ("mar"), else 0. */
export function monthOf(word: string): number {
  const i = MONTH_NAMES.findIndex((names) => names.includes(word));
  return i + 1;
}

export const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
};

/**
 * Words that carry no condition or figure of their own: articles, auxiliaries, politeness,
 * the verbs people use for "the measure" ("sold", "earned"). A word not listed here, not a
 * keyword, not a column and not a value of the data makes the parser decline.
 */
export const FILLER = new Set(
  `a an the of for in on at to is are was were be been being am do does did done have has had
  what whats which who whom whose where there here it its this that these those they them their
  i me my we us our you your please tell show give find get got see let know want like need
  compute calculate calc list display report return determine work out figure can could would will
  should may might must s overall entire whole dataset data file table csv sheet value values
  figure figures all everything altogether combined sold sell sells selling bought buy buys
  made make makes earn earned earns generated generate generates brought bring brings spent spend spends
  paid pay pays recorded record observed listed measured happen happened happens come came comes
  did any some much many amount as so just only also about roughly approximately exact exactly
  then now ever typically usually typical generally how found discovered detected given gave
  with having when while among amongst within hi hello hey thanks thank purchased received took taken used flew flown
  travelled traveled visited`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that refer to the rows themselves ("how many orders", "female passengers"). */
export const ENTITY = new Set(
  `row rows record records entry entries line lines observation observations case cases item items
  transaction transactions order orders trip trips ride rides passenger passengers people person persons
  customer customers sample samples instance instances car cars vehicle vehicles product products
  company companies student students employee employees user users patient patients member members
  flight flights movie movies game games book books house houses home homes property properties
  store stores shop shops account accounts player players animal animals individual
  individuals visitor visitors client clients booking bookings purchase purchases`
    .split(/\s+/)
    .filter(Boolean),
);
