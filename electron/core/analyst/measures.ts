/**
 * Which measures can be added up. A sum of prices, rates, percentages, temperatures, scores or
 * ages means nothing, so those ("levels") are summarised by their mean and median instead of a
 * total. The rule, from the column name first and the values second:
 *
 * - level: a name word such as price, rate, ratio, percent/pct/percentage, share, proportion,
 *   temperature/temp, score, rating, grade, age, average/avg/mean/median, expectancy, probability,
 *   mpg, speed, per ("cost_per_unit"), index, latitude/longitude, or a measurement of one thing
 *   (length, width, height, depth, weight, mass, carat, horsepower…); or values that are fractions
 *   (all between 0 and 1, not only 0 and 1);
 * - additive: a name word such as revenue, sales, units, quantity/qty, amount, total, count,
 *   profit, cost, spend/spending, income, volume, passengers, orders, visits;
 * - other: anything else (a tip, a weight): totals are shown, and "which X has the highest Y"
 *   gives both the average and the total.
 */
import { nameWords } from './question/words';

export type MeasureKind = 'additive' | 'level' | 'other';

const LEVEL = new Set(
  `price prices rate rates ratio ratios percent pct percentage percentages share shares proportion fraction
  temperature temperatures temp temps celsius fahrenheit score scores rating ratings grade grades age ages
  average averages avg mean median expectancy probability prob mpg speed per index latitude lat longitude
  lon lng humidity density margin odds bmi length lengths width widths height heights depth weight weights
  mass diameter radius carat carats horsepower hp displacement acceleration`
    .split(/\s+/)
    .filter(Boolean),
);

const ADDITIVE = new Set(
  `revenue revenues sales sale units quantity quantities qty amount amounts total totals count counts
  profit profits cost costs spend spending spent income volume volumes passengers orders visits clicks
  views downloads bookings sold population deaths`
    .split(/\s+/)
    .filter(Boolean),
);

export interface ValueRange {
  min: number | null;
  max: number | null;
  /** All values are whole numbers (unknown: undefined). */
  integers?: boolean;
}

function isFraction(range: ValueRange | undefined): boolean {
  if (!range || range.min === null || range.max === null) return false;
  if (range.min < 0 || range.max > 1) return false;
  if (range.integers === true) return false;
  if (range.integers === undefined && range.min === 0 && range.max === 1) return false; // maybe a 0/1 flag
  return true;
}

/** `percent`: the file wrote the column's values with a percent sign (data/numbers.ts found it). */
export function measureKind(name: string, range?: ValueRange, percent = false): MeasureKind {
  const words = nameWords(name);
  if (percent || words.some((w) => LEVEL.has(w)) || isFraction(range)) return 'level';
  if (words.some((w) => ADDITIVE.has(w))) return 'additive';
  return 'other';
}

/** Columns the file wrote as percentages (`12,5%`): never summed. */
export function percentColumns(profile: { numbers?: { column: string; percent: boolean }[] }): Set<string> {
  return new Set((profile.numbers ?? []).filter((n) => n.percent).map((n) => n.column));
}
