/**
 * The words of a question: tokens, normalised keys (the same rule the lookup step applies to
 * the data's values in Python), plural and stem forms, and the small vocabularies the parser
 * knows (weekdays, months, number words, filler words).
 */

export type TokenKind = 'word' | 'number' | 'date' | 'month-date' | 'decade' | 'unclear' | 'symbol';

export interface Token {
  /** Lowercased text (a number's digits without separators, an ISO date as written). */
  text: string;
  /** As written in the question. */
  raw: string;
  kind: TokenKind;
  /** For numbers: the value; for `month-date` (2026-03) the year; for `decade` its first year (1950). */
  value?: number;
  /** For `month-date`: the month (1–12). */
  month?: number;
  /** A number written with `%` or a currency sign. */
  percent?: boolean;
  /** For `decade`: written with two digits ("the 90s"): the century is not said. */
  short?: boolean;
  /** For `unclear`: the ways the number could be read ("5.000": 5 or 5,000). */
  readings?: string[];
  /** A number with a dash before it that was not read as its sign ("over-5", "over - 5"). */
  dashed?: boolean;
  /** Where the token starts and ends in the question (UTF-16 offsets). */
  start: number;
  end: number;
}

/** The file's decimal mark: '.', ',' or null when it uses both (numbers like 1.000 are then unclear). */
export type DecimalMark = '.' | ',' | null;

const TOKEN = new RegExp(
  [
    /(\d{4}-\d{2}-\d{2})/.source,
    /(\d{4}-\d{2})(?![\d-])/.source,
    // "1950s", "the 1950's", "the '90s"
    /(?<![\p{L}\p{N}.,])(\d{4}|\d{2})(['’]?)s(?![\p{L}\p{N}])/u.source,
    // A sign only where no letter or digit is glued before it ("-5", "−3", but not "1950-1955", "SKU-100").
    /(?<![\p{L}\p{N}])([-−–]?)([$€£]?)(\d+(?:[.,]\d+)*|\.\d+)(%?)/u.source,
    /(>=|<=|[<>=%])/.source,
    /([\p{L}\p{N}]+)/u.source,
  ].join('|'),
  'gu',
);

type NumberReading = { value: number } | { unclear: string[] } | { list: number[] } | null;

const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 20 });

/**
 * The value of digits written with `.` and `,` ("5.000", "1,234.5", "12,5"), in the file's
 * convention where the writing alone does not tell: "5.000" is 5,000 in a file that writes
 * decimals with a comma, and unclear (5 or 5,000) in one that writes them with a point.
 */
export function readDigits(digits: string, decimal: DecimalMark): NumberReading {
  if (digits.startsWith('.')) return { value: Number(`0${digits}`) };
  const seps = digits.replace(/\d/g, '');
  const groups = digits.split(/[.,]/);
  const [lead = '', ...rest] = groups;
  const grouped = /^[1-9]\d{0,2}$/.test(lead) && rest.every((g) => g.length === 3);
  const joined = Number(groups.join(''));
  if (!seps) return { value: Number(digits) };
  const marks = new Set(seps);
  if (marks.size === 2) {
    // "1,234.5", "12.500,00": the last mark is the decimal one, used once; the other groups thousands.
    const mark = seps[seps.length - 1] as string;
    const at = digits.lastIndexOf(mark);
    const whole = digits.slice(0, at).split(/[.,]/);
    if (seps.indexOf(mark) !== seps.length - 1) return null;
    const ok = /^[1-9]\d{0,2}$/.test(whole[0] ?? '') && whole.slice(1).every((g) => g.length === 3);
    return ok ? { value: Number(`${whole.join('')}.${digits.slice(at + 1)}`) } : null;
  }
  const mark = seps[0] as '.' | ',';
  if (seps.length > 1) {
    if (grouped) return { value: joined }; // "1.234.567", "1,234,567"
    return mark === ',' ? { list: groups.map(Number) } : null; // "1,2,3" is a list; "13.01.2026" is not a number
  }
  const asDecimal = Number(`${lead}.${rest[0] ?? ''}`);
  if (grouped) {
    // "5.000" or "1,000": thousands in one convention, three decimals in the other.
    const thousands = mark !== decimal && decimal !== null;
    if (thousands) return { value: joined };
    return { unclear: [fmt(asDecimal), fmt(joined)] };
  }
  if (mark === '.') return { value: asDecimal }; // "5.5", "0.500", "1234.567"
  // "12,5": a decimal comma, or two numbers?
  return decimal === ',' ? { value: asDecimal } : { unclear: [fmt(asDecimal), `${lead} and ${rest[0]}`] };
}

/**
 * Splits a question into tokens: ISO dates, year-months, decades, numbers (with their sign, and
 * their separators read in the file's convention), comparison symbols, words.
 */
export function tokenize(question: string, decimal: DecimalMark = '.'): Token[] {
  const out: Token[] = [];
  for (const m of question.matchAll(TOKEN)) {
    const [raw, date, monthDate, decade, apostrophe, sign, , digits, pct, symbol, word] = m;
    const start = m.index;
    const at = { start, end: start + raw.length };
    if (date) out.push({ text: date, raw, kind: 'date', ...at });
    else if (monthDate) {
      const [y, mo] = monthDate.split('-').map(Number);
      if (mo && mo >= 1 && mo <= 12)
        out.push({ text: monthDate, raw, kind: 'month-date', value: y, month: mo, ...at });
      else out.push({ text: monthDate, raw, kind: 'symbol', ...at });
    } else if (decade) {
      out.push(...decadeTokens(raw, decade, !!apostrophe, out[out.length - 1], at));
    } else if (digits !== undefined) {
      const reading = readDigits(digits, decimal);
      const negative = !!sign;
      const percent = pct === '%';
      if (reading && 'value' in reading) {
        const value = negative ? -reading.value : reading.value;
        const dashed = !negative && /(^|[^\p{N}])[-−–]\s*$/u.test(question.slice(0, start));
        out.push({
          text: String(value),
          raw,
          kind: 'number',
          value,
          percent,
          ...at,
          ...(dashed ? { dashed } : {}),
        });
      } else if (reading && 'list' in reading) {
        let offset = start + (sign ?? '').length;
        reading.list.forEach((v, k) => {
          const part = digits.split(',')[k] ?? '';
          const value = k === 0 && negative ? -v : v;
          out.push({
            text: String(value),
            raw: part,
            kind: 'number',
            value,
            percent: false,
            start: offset,
            end: offset + part.length,
          });
          offset += part.length + 1;
        });
      } else if (reading && 'unclear' in reading) {
        out.push({
          text: raw,
          raw,
          kind: 'unclear',
          readings: reading.unclear.map((r) => (negative ? `-${r}` : r)),
          ...at,
        });
      } else out.push({ text: raw, raw, kind: 'symbol', ...at });
    } else if (symbol) out.push({ text: symbol, raw, kind: 'symbol', ...at });
    else if (word) {
      // Letters glued to digits ("q1", "2nd") stay one word.
      out.push({ text: word.toLowerCase(), raw: word, kind: 'word', ...at });
    }
  }
  return out;
}

/**
 * "1950s" and "the 1950's": a decade; "the 90s": a decade without its century; "1955's": a
 * year's possessive; "1955s", "45s": not something the parser reads (a symbol).
 */
function decadeTokens(
  raw: string,
  digits: string,
  apostrophe: boolean,
  prev: Token | undefined,
  at: { start: number; end: number },
): Token[] {
  const value = Number(digits);
  const decadeLike = digits.endsWith('0');
  if (decadeLike && (digits.length === 2 || !apostrophe || prev?.text === 'the'))
    return [{ text: raw.toLowerCase(), raw, kind: 'decade', value, short: digits.length === 2, ...at }];
  const number: Token = {
    text: String(value),
    raw: digits,
    kind: 'number',
    value,
    percent: false,
    start: at.start,
    end: at.start + digits.length,
  };
  if (apostrophe && digits.length === 4) return [number]; // "1955's revenue"
  return [{ text: raw.toLowerCase(), raw, kind: 'symbol', ...at }];
}

/**
 * Text compared up to case and spacing, the way the answer code folds a column's values
 * (`' '.join(v.split()).lower()`): "North", "north" and "North " are one value.
 */
export function foldKey(text: string): string {
  // Python's str.split() also splits on the separators \x1c-\x1f.
  // eslint-disable-next-line no-control-regex
  const space = /[\s\x1c-\x1f\x85]+/;
  return text.split(space).filter(Boolean).join(' ').toLowerCase();
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
