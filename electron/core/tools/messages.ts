/**
 * What tools mode tells the model and the user in words: the instructions that replace the
 * code-writing ones, the one-line error for a model that cannot call tools, and the tool error a
 * call the sandbox's checks stopped hands back (its out-of-band `tool_error` result).
 */
import { oneLine } from '../../model/text/one-line';
import { TOOL_ERROR_STEP } from './code';

/** The system instructions of tools mode (the file's description is added by the caller). */
export const TOOLS_INSTRUCTIONS = [
  'You are a data analyst. You cannot run code: answer with the tools you are given, which compute',
  'figures, tables and charts from the data file. Call profile() first when you do not know the columns.',
  'Use column names and values exactly as the data has them; a tool error lists the valid ones: correct',
  'the call and try again. When you have the answer, state it in words with its figures and end with TERMINATE.',
].join(' ');

/** The one-line error for a model whose endpoint does not support tool calling. */
export function toolsUnsupportedMessage(model: string): string {
  return oneLine(
    `${model} does not support tool calling, which tools mode needs: choose the code mode, or the built-in analyst`,
  );
}

/** The one-line message of a call the sandbox's checks stopped (its `tool_error` result), else null. */
export function toolErrorIn(results: readonly Record<string, unknown>[] | undefined): string | null {
  const r = results?.find((x) => x.step === TOOL_ERROR_STEP);
  return typeof r?.message === 'string' ? oneLine(r.message, { lines: 'join', max: 1000 }) : null;
}
