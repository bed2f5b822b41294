/**
 * The items of a question with what each has been used for, plus the small helpers the
 * parser's passes share. A question is answered only when every item found a use (fillers
 * excepted): an unused word, number or column means something was not understood.
 */
import { mdText } from '../format';
import type { Kw } from './keywords';
import type { Item, QuestionContext } from './match';

export class Decline extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Items that never need a use. */
const IDLE = new Set<Item['kind']>(['filler', 'entity']);
const IDLE_KW = new Set<Kw>(['verb', 'and', 'overview', 'eq', 'from', 'to']);

export class Reader {
  readonly used = new Set<number>();

  constructor(
    readonly items: Item[],
    readonly ctx: QuestionContext,
  ) {}

  use(...indexes: number[]): void {
    for (const i of indexes) this.used.add(i);
  }

  free(i: number): boolean {
    return !this.used.has(i) && i >= 0 && i < this.items.length;
  }

  /** The next item after `i` that is not a filler (nor a verb, nor "of"), or -1. */
  next(i: number, skipEntity = true): number {
    for (let j = i + 1; j < this.items.length; j++) if (!this.skippable(j, skipEntity)) return j;
    return -1;
  }

  prev(i: number, skipEntity = true): number {
    for (let j = i - 1; j >= 0; j--) if (!this.skippable(j, skipEntity)) return j;
    return -1;
  }

  private skippable(j: number, skipEntity: boolean): boolean {
    const item = this.items[j];
    if (!item) return false;
    if (item.kind === 'filler') return true;
    if (item.kind === 'entity') return skipEntity;
    return item.kind === 'kw' && (item.kw === 'verb' || item.kw === 'eq');
  }

  kwAt(i: number, ...kws: Kw[]): boolean {
    const item = this.items[i];
    return item?.kind === 'kw' && kws.includes(item.kw);
  }

  /** Indexes of unused keyword items of these kinds. */
  kws(...kws: Kw[]): number[] {
    return this.items.flatMap((item, i) =>
      item.kind === 'kw' && kws.includes(item.kw) && this.free(i) ? [i] : [],
    );
  }

  /** The single column of a column item (ambiguity was ruled out first), or null. */
  column(i: number): string | null {
    const item = this.items[i];
    return item?.kind === 'column' ? (item.columns[0] ?? null) : null;
  }

  /** A column worth adding up or averaging (the overview's measures). */
  isMeasure(column: string): boolean {
    return this.ctx.measures.includes(column);
  }

  /** Numbers in the data (measures, years, numeric identifiers): comparisons apply. */
  isNumeric(column: string): boolean {
    return this.isMeasure(column) || this.ctx.lookup?.ranges.has(column) === true;
  }

  isFlag(column: string): boolean {
    return this.ctx.lookup?.flags.has(column) ?? false;
  }

  /** Columns one can group by: categories, texts, flags, years, whole-number columns with few values. */
  isGroupable(column: string): boolean {
    const { ctx } = this;
    if (ctx.dates.includes(column) || ctx.ids.includes(column)) return false;
    if ([...ctx.categories, ...ctx.texts, ...ctx.years].includes(column) || this.isFlag(column)) return true;
    // A numeric column with few whole values (a class, a number of cylinders), not merely a small file.
    const range = ctx.lookup?.ranges.get(column);
    return !!range && range.integers && range.distinct <= 20 && range.distinct * 5 <= ctx.rows;
  }

  /** Items nothing used and that needed a use, as the words the user wrote. */
  leftovers(): string[] {
    return this.items.flatMap((item, i) => {
      if (this.used.has(i) || IDLE.has(item.kind)) return [];
      if (item.kind === 'kw' && IDLE_KW.has(item.kw)) return [];
      return [item.text];
    });
  }
}

/** A word of the question, quoted and made inert for Markdown. */
export const quote = (text: string) => `“${mdText(text, 60)}”`;
