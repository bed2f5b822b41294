/**
 * Right, declined or wrong: one answer of a check against the truth pandas computed. Pure.
 * - A figure is right when a number the answer states equals it to the precision it is written
 *   with ("1,234.6" is right for 1234.56; "1.2k" for 1234; a share may be a percent or a fraction).
 * - A label is right when it is the first of the candidate labels the answer names.
 * - Declined: the run's answer says it did not answer (answered: false), or, for a model that gives
 *   no verdict of its own, an answer that states no figure (names no label) and says the data
 *   cannot answer.
 * - The question the data cannot answer is right when declined; a run that failed is wrong.
 */
import { statedNumbers } from '../answer/claims';
import type { StopReason } from '../../model/agent/conversation';
import type { CheckTruth, CheckVerdict } from '../../model/check';

/** What the verdict reads of a run: its stop reason and its traced answer. */
export interface JudgedRun {
  stopReason: StopReason | null;
  answer: { text: string; answered: boolean; claims: { text: string; value: number }[] } | null;
}

export interface Judgement {
  verdict: CheckVerdict;
  why: string;
}

const DECLINE =
  /\b(?:cannot|can ?not|can't|unable to|impossible to|not possible|no (?:such )?(?:column|field|data|information|record)s?\b|(?:does|do)(?: not|n't) (?:contain|include|have|hold|record|track)|(?:is|are)(?: not|n't) (?:available|recorded|included|present|in the data))/i;

/** The answer states no figure and says the data cannot answer. */
export function declinesInWords(text: string, claims: readonly unknown[]): boolean {
  return claims.length === 0 && DECLINE.test(text);
}

function isDeclined(truth: CheckTruth, run: JudgedRun): boolean {
  const a = run.answer;
  if (run.stopReason !== 'terminated' || !a) return false;
  if (!a.answered) return true;
  // "South sold the most; I cannot see returns" names a label: that is an answer
  const named = truth.kind === 'label' && firstLabel(a.text, truth.candidates) !== null;
  return !named && declinesInWords(a.text, a.claims);
}

/** Half of the last digit the claim shows, in its unit ("1,234.5" → 0.05; "31.8k" → 50). */
function halfStep(claimText: string, value: number): number {
  const stated = statedNumbers(claimText).find((n) => n.value === value) ?? statedNumbers(claimText)[0];
  return (stated?.step ?? 1) / 2;
}

const close = (value: number, truth: number, half: number) =>
  Math.abs(value - truth) <= half + 1e-9 * Math.max(1, Math.abs(truth));

/** A stated number that equals the truth as rounded, or null. */
export function matchingClaim(
  truth: { value: number; percent?: boolean },
  claims: readonly { text: string; value: number }[],
): { text: string; value: number } | null {
  for (const claim of claims) {
    const half = halfStep(claim.text, claim.value);
    if (close(claim.value, truth.value, half)) return claim;
    if (truth.percent && !claim.text.includes('%') && close(claim.value * 100, truth.value, half * 100))
      return claim;
  }
  return null;
}

const MONTH_NAME =
  /^(?:January|February|March|April|May|June|July|August|September|October|November|December)$/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where `form` first appears as a whole word (month names as written: "may" is not May), or -1. */
function firstIndex(text: string, form: string): number {
  const flags = MONTH_NAME.test(form) ? 'u' : 'iu';
  const m = new RegExp(`(?<![\\p{L}\\p{N}])${escape(form)}(?![\\p{L}\\p{N}])`, flags).exec(text);
  return m ? m.index : -1;
}

/** The first candidate label the text names (the longest at a tie), or null. */
export function firstLabel(text: string, candidates: readonly string[]): string | null {
  let best: { at: number; form: string } | null = null;
  for (const form of candidates) {
    const at = firstIndex(text, form);
    if (at < 0) continue;
    if (!best || at < best.at || (at === best.at && form.length > best.form.length)) best = { at, form };
  }
  return best?.form ?? null;
}

export function judge(truth: CheckTruth, run: JudgedRun): Judgement {
  const declined = isDeclined(truth, run);
  if (truth.kind === 'decline')
    return declined
      ? { verdict: 'right', why: 'declined, as it should' }
      : {
          verdict: 'wrong',
          why: run.answer?.text ? 'answered a question the data cannot answer' : failure(run),
        };
  if (declined) return { verdict: 'declined', why: 'said it cannot answer' };
  const answer = run.answer;
  if (!answer?.text || !answer.answered) return { verdict: 'wrong', why: failure(run) };
  if (truth.kind === 'number') {
    const hit = matchingClaim(truth, answer.claims);
    return hit
      ? { verdict: 'right', why: `states ${hit.text}` }
      : { verdict: 'wrong', why: `no figure within rounding of ${round(truth.value)}` };
  }
  const named = firstLabel(answer.text, truth.candidates);
  if (named && truth.forms.some((f) => f.toLowerCase() === named.toLowerCase()))
    return { verdict: 'right', why: `names ${named}` };
  return {
    verdict: 'wrong',
    why: named ? `names ${named}, not ${truth.forms[0]}` : `does not name ${truth.forms[0]}`,
  };
}

function failure(run: JudgedRun): string {
  if (run.stopReason === 'error') return 'the run failed';
  if (run.stopReason === 'cancelled') return 'cancelled';
  if (run.stopReason === 'max-turns') return 'ran out of turns';
  return 'no answer';
}

const round = (n: number) => String(Math.round(n * 100) / 100);
