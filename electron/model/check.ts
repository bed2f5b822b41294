/**
 * "Check my model": what a check measured, as plain JSON data (saved by the app and shown beside
 * the model). Node-free, so the settings screen can share these types.
 */
import type { ModelRef, StopReason } from './agent/conversation';
import type { ExecMode } from './exec/types';

export type CheckKind = 'figure' | 'filter' | 'highest' | 'trend' | 'decline';

/** Right: the true figure or label is in the answer (or, for the question the data cannot answer, it declined). */
export type CheckVerdict = 'right' | 'declined' | 'wrong';

/** What the data says, computed by pandas when the check runs. */
export type CheckTruth =
  /** A figure; `percent`: asked as a percentage (a share stated as a fraction counts too). */
  | { kind: 'number'; value: number; percent?: boolean }
  /**
   * A label: `forms` are the ways to write the right one ("2024-07", "July"); `candidates` every
   * form of every label it was chosen from (the first one the answer names must be the right one).
   */
  | { kind: 'label'; forms: string[]; candidates: string[] }
  /** The data cannot answer it: the answer must decline. */
  | { kind: 'decline' };

export interface CheckQuestionResult {
  /** Stable id of the question ("sales-total"). */
  id: string;
  kind: CheckKind;
  table: string;
  question: string;
  truth: CheckTruth;
  verdict: CheckVerdict;
  /** Why, in a few words ("states 1,234.5", "names West", "no figure within rounding of 1234.56"). */
  why: string;
  /** The answer's text, shortened. */
  answer: string;
  stopReason: StopReason | null;
  /** The run's error when it failed (one line). */
  error: string | null;
  turns: number;
  /** Executed blocks that failed or timed out. */
  failedBlocks: number;
  durationMs: number;
  /** Prompt + completion tokens, when the model reports its usage (null: it does not). */
  tokens: number | null;
}

export interface CheckSummary {
  total: number;
  right: number;
  declined: number;
  wrong: number;
  /** Right answers, in percent of the questions asked (one decimal). */
  accuracy: number;
  medianMs: number;
  totalTokens: number | null;
  medianTokens: number | null;
}

export interface CheckResult {
  version: 1;
  /** The model checked (as a conversation names it: no API key). */
  model: ModelRef;
  mode: ExecMode;
  /** `tools`: tools mode (the model called the analysis tools; its own code never ran). Absent in older results: `on`. */
  execution?: 'on' | 'tools';
  /** Where the code ran ("bubblewrap", "docker"), and whether its isolation was verified. */
  sandbox: { runner: string; isolated: boolean } | null;
  startedAt: string;
  finishedAt: string;
  /** False when it was cancelled: `questions` then holds the ones that finished. */
  complete: boolean;
  questions: CheckQuestionResult[];
  summary: CheckSummary;
}

/** Reported before each question (`result` undefined) and after it. */
export interface CheckProgress {
  /** 1-based. */
  index: number;
  total: number;
  question: string;
  result?: CheckQuestionResult;
}
