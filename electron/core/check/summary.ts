/** A check's overall figures: accuracy, median time, tokens. Pure. */
import type { CheckQuestionResult, CheckSummary } from '../../model/check';

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarise(results: readonly CheckQuestionResult[]): CheckSummary {
  const count = (v: CheckQuestionResult['verdict']) => results.filter((r) => r.verdict === v).length;
  const right = count('right');
  const tokens = results.map((r) => r.tokens).filter((t): t is number => t !== null);
  const anyTokens = tokens.length > 0;
  return {
    total: results.length,
    right,
    declined: count('declined'),
    wrong: count('wrong'),
    accuracy: results.length ? Math.round((right / results.length) * 1000) / 10 : 0,
    medianMs: Math.round(median(results.map((r) => r.durationMs))),
    totalTokens: anyTokens ? tokens.reduce((a, b) => a + b, 0) : null,
    medianTokens: anyTokens ? median(tokens) : null,
  };
}
