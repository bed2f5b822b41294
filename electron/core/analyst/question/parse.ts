/**
 * Question → operation. The question is read into items (match.ts); values, comparisons and
 * the time window become conditions (scope.ts); then the keywords decide the operation. Every
 * word must find a use: a word it does not know, a column it cannot place, a value found in
 * several columns, two figures at once — it declines and says what it understood and what is
 * missing. Precision over recall: a decline is better than a figure that answers something else.
 */
import { mdCode } from '../format';
import { measureKind } from '../measures';
import { describeOperation } from '../ops/describe';
import type { Filter, Operation, Understanding } from '../ops/types';
import { chooseOperation } from './choose';
import { readQuestion, type Item, type QuestionContext } from './match';
import { Decline, quote, Reader } from './reader';
import { comparisons, period, valueFilters } from './scope';
import { readShape, resolveTime } from './shape';

const CONTENT = new Set<Item['kind']>([
  'column',
  'value',
  'number',
  'date',
  'month',
  'month-date',
  'decade',
  'unclear',
]);
/** Words for people: counting rows is not counting them (a row of tips.csv is a table, not a person). */
const HEADCOUNT = new Set([
  'people',
  'person',
  'persons',
  'guests',
  'guest',
  'diners',
  'individuals',
  'heads',
]);

/** "North and South": the combined figure, and each value's. */
function withBreakdown(op: Operation, split: string | undefined): Operation {
  if (split === undefined) return op;
  if (op.op === 'count_rows') return { ...op, breakdown: split };
  if (
    op.op === 'aggregate' &&
    op.by === undefined &&
    ['sum', 'mean', 'median', 'min', 'max'].includes(op.agg)
  )
    return { ...op, breakdown: split };
  return op;
}

/** The operation a question asks for, or why it cannot be answered (with what was understood). */
export function understand(question: string, ctx: QuestionContext): Understanding {
  const items = readQuestion(question, ctx);
  const reader = new Reader(items, ctx);
  try {
    return interpret(reader);
  } catch (e) {
    if (!(e instanceof Decline)) throw e;
    return { kind: 'decline', understood: understoodItems(reader), missing: [e.reason] };
  }
}

/** What was recognised, in plain words, for a decline. */
function understoodItems(r: Reader): string {
  const parts: string[] = [];
  for (const item of r.items) {
    if (item.kind === 'column' && item.columns.length === 1)
      parts.push(`the column ${mdCode(item.columns[0])}`);
    else if (item.kind === 'value') {
      const columns = [...new Set(item.options.map((o) => o.column))];
      parts.push(`${quote(item.text)} (a value of ${columns.map((c) => `${mdCode(c)}`).join(' or ')})`);
    } else if (
      item.kind === 'month' ||
      item.kind === 'date' ||
      item.kind === 'month-date' ||
      item.kind === 'decade'
    )
      parts.push(quote(item.text));
  }
  return [...new Set(parts)].join(', ');
}
function interpret(r: Reader): Understanding {
  const { items, ctx } = r;
  const unknown = items.filter((it) => it.kind === 'unknown').map((it) => quote(it.text));
  if (unknown.length)
    throw new Decline(
      `I don't know ${unknown.length > 1 ? 'the words' : 'the word'} ${unknown.join(', ')} here`,
    );
  for (const item of items) {
    if (item.kind === 'unclear')
      throw new Decline(
        `${quote(item.text)} could be ${item.readings.join(' or ')}: write the number without a thousands separator`,
      );
    if (item.kind === 'column' && item.columns.length > 1)
      throw new Decline(
        `${quote(item.text)} could be ${item.columns.map((c) => `${mdCode(c)}`).join(' or ')}`,
      );
  }
  const hasContent = items.some((it) => CONTENT.has(it.kind));
  const asks = items.some((it) => it.kind === 'kw' && !['verb', 'and', 'overview', 'most'].includes(it.kw));
  if (!hasContent && (!asks || items.some((it) => it.kind === 'kw' && it.kw === 'overview')))
    return { kind: 'overview' };
  if (ctx.lookup?.truncated)
    throw new Decline('the question matches too many values of the data to tell them apart');

  const comps = comparisons(r);
  const { filters: values, split } = valueFilters(r);
  const shape = readShape(r);
  const timeColumn = () => resolveTime(r, shape);
  const window = period(r, timeColumn);
  const filters: Filter[] = [...values, ...comps];
  const operation = withBreakdown(chooseOperation(r, shape, filters, window), split);
  // "average revenue per month": the mean of each month's rows, or the monthly total averaged? Ask.
  // ("average tip per day" of a `day` column is read as the mean of each day's rows.)
  if (
    shape.per &&
    operation.op === 'trend' &&
    operation.agg === 'mean' &&
    operation.measure &&
    measureKind(
      operation.measure,
      ctx.lookup?.ranges.get(operation.measure),
      ctx.percent?.includes(operation.measure) ?? false,
    ) !== 'level'
  )
    throw new Decline(
      `whether “average … per” means the average row of each period or the average of the period totals`,
    );
  if (
    operation.op === 'count_rows' ||
    operation.op === 'top_n' ||
    operation.op === 'trend' ||
    operation.op === 'aggregate'
  ) {
    const counted = operation.op === 'count_rows' || operation.measure === null;
    const heads = r.items.filter((it) => it.kind === 'entity' && HEADCOUNT.has(it.text.toLowerCase()));
    if (counted && heads.length)
      throw new Decline(
        `whether ${quote(heads[0]?.text ?? '')} means rows of the file (a row may not be one person)`,
      );
  }
  // Year words right before a year ("in the year 1955") need no other use.
  for (const i of r.kws('freq-year')) if (r.used.has(r.next(i, false))) r.use(i);
  const left = r.leftovers();
  if (left.length)
    throw new Decline(`I don't know what to do with ${left.map(quote).join(', ')} in this question`);
  return { kind: 'answer', operation, understood: describeOperation(operation) };
}
