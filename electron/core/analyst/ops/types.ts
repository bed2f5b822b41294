/**
 * The operations the analyst can answer a question with. A question is understood as exactly
 * one of these (or declined); `operationCode` turns it into pandas code and `answerSentence`
 * reads the result back. Column names and values are data: they reach the code only as Python
 * literals. The same operations are meant to be offered to models as tools later.
 */

export type Scalar = string | number | boolean;

export type FilterOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'between' | 'contains';

/** A condition on one column. `in` takes a list, `between` a [low, high] pair (inclusive). */
export interface Filter {
  column: string;
  op: FilterOp;
  value: Scalar | Scalar[];
  /**
   * Other spellings of the value(s) in the data, differing only in case or spaces ("north",
   * "North "): text is compared folded, so they match too; the sentence names them.
   */
  spellings?: string[];
}

/**
 * A time window on a date column (or on a year column, `kind: 'year'`): years and months are
 * inclusive ranges; `from` (inclusive) and `to` (exclusive) are ISO dates.
 */
export interface Period {
  column: string;
  kind: 'date' | 'year';
  years?: [number, number];
  months?: [number, number];
  from?: string;
  to?: string;
  /** How the question said it, for the sentence: "March", "Q1 2026", "since 2020". */
  label: string;
}

export type Agg = 'sum' | 'mean' | 'median' | 'min' | 'max' | 'count' | 'nunique' | 'share';
export type Freq = 'day' | 'month' | 'quarter' | 'year';

interface Scope {
  filters: Filter[];
  period?: Period;
}

export type Operation =
  | (Scope & {
      op: 'aggregate';
      agg: Agg;
      /** null: rows (count, share of rows). */
      measure: string | null;
      /** One figure per value of this column. */
      by?: string;
      /** For `share`: the part, as conditions within the scope (the scope is the whole). */
      part?: Filter[];
      /** Also the figure for each value of this column ("North and South": both, and each). */
      breakdown?: string;
    })
  | (Scope & {
      op: 'top_n';
      n: number;
      order: 'desc' | 'asc';
      /** null: the number of rows per group. */
      measure: string | null;
      agg: 'sum' | 'mean' | 'median' | 'min' | 'max' | 'count' | 'nunique' | 'share';
      /** The groups; null ranks the rows themselves by the measure. */
      by: string | null;
      /** For `share`: the part within each group. */
      part?: Filter[];
      /** Also rank by this figure (a total asked as "highest" is also shown by average). */
      also?: 'mean';
      /** Columns shown beside ranked rows. */
      show?: string[];
    })
  | (Scope & {
      op: 'trend';
      /** null: rows per period. */
      measure: string | null;
      agg: 'sum' | 'mean' | 'median' | 'min' | 'max' | 'count';
      column: string;
      kind: 'date' | 'year';
      freq: Freq;
      /** The question asked for the highest or lowest period. */
      focus?: 'max' | 'min';
    })
  | (Scope & { op: 'distribution'; measure: string; bins: number })
  | (Scope & { op: 'correlation'; a: string; b: string })
  | (Scope & { op: 'count_rows'; breakdown?: string });

/** What the parser made of a question. */
export type Understanding =
  | { kind: 'answer'; operation: Operation; understood: string }
  | { kind: 'overview' }
  | { kind: 'decline'; understood: string; missing: string[] };
