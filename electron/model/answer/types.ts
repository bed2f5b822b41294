/**
 * The traced answer of a run: the final assistant message's text, whether it answered the
 * question, and every number it states with where that number came from. Plain data (JSON),
 * saved with the conversation and shared by the engine, the reports, the CLI and the renderer.
 */

/** An output line that shows the claimed number. */
export interface OutputSource {
  kind: 'output';
  /** The block's position among the conversation's executed blocks (1-based). */
  block: number;
  /** 1-based line within that block's output. */
  line: number;
  /** Where the block is: its assistant message and its index among that message's blocks. */
  messageId: string;
  index: number;
}

/** A count the file profile holds (the data rows, the columns). */
export interface ProfileSource {
  kind: 'profile';
  field: 'rows' | 'columns';
}

export type ClaimSource = OutputSource | ProfileSource;

/** One number stated in the answer. */
export interface AnswerClaim {
  /** As shown, with its sign, currency, suffix or percent sign: "$26,700", "31.8k", "12.5 %". */
  text: string;
  /** What it says: signed, scaled (31.8k → 31800); a percentage stays in percent (12.5% → 12.5). */
  value: number;
  supported: boolean;
  source: ClaimSource | null;
  /**
   * Which occurrence of `text` it is among the answer's Markdown text nodes (counted by
   * `findNumber`), so every view marks the same place; null when it cannot be pointed at.
   */
  occurrence: number | null;
}

export interface AnswerTrace {
  /** The final assistant message (null when the run ended before any reply). */
  messageId: string | null;
  /** Its text without code blocks and without TERMINATE. */
  text: string;
  answered: boolean;
  claims: AnswerClaim[];
}
