/**
 * The offline built-in analyst: a deterministic planner that plays the assistant through the
 * same executor as a real model. Each reply is short prose plus one ```python block (or the
 * final summary ending with TERMINATE), decided by replaying the conversation so far.
 */
import type { FileProfile } from '../../model/data/types';
import { planExecution } from '../exec/extract';
import {
  ModelError,
  type ChatMessage,
  type ChatModel,
  type Completion,
  type CompletionOptions,
  type ModelInfo,
} from '../../model/llm/types';
import { analysisCode } from './step-code';
import { measureKind, percentColumns } from './measures';
import { firstMessage, stepMessage } from './messages';
import { operationCode } from './ops/code';
import { replay, type Action, type PlanState } from './plan';
import { lookupCode } from './question/lookup';
import { mentionedColumns } from './question/match';
import type { DecimalMark } from './question/words';
import { overviewCode, reloadCode } from './load-code';
import { summaryMessage } from './summary';

export interface BuiltinAnalystOptions {
  profile: FileProfile;
  /** The user's question; by default the first user message of the conversation. */
  question?: string;
}

/** The file's decimal mark: the one read_csv and every number column use, or null when they differ. */
export function fileDecimal(profile: FileProfile): DecimalMark {
  const marks = new Set([profile.decimal, ...(profile.numbers ?? []).map((n) => n.decimal)]);
  return marks.size === 1 ? profile.decimal : null;
}

function withCode(prose: string, code: string): string {
  return `${prose}\n\n\`\`\`python\n${code}\n\`\`\``;
}

/** True when the message runs exactly `code` (and nothing else) — data in the prose cannot add a block. */
function runsExactly(message: string, code: string | null): boolean {
  const plan = planExecution(message);
  if (code === null) return plan.blocks.length === 0 && plan.unsupported === null;
  return plan.blocks.length === 1 && plan.blocks[0]?.language === 'python' && plan.blocks[0].code === code;
}

export class BuiltinAnalyst implements ChatModel {
  readonly info: ModelInfo = {
    kind: 'builtin',
    model: 'built-in analyst',
    endpoint: null,
    contextTokens: 1_000_000,
  };

  constructor(private readonly options: BuiltinAnalystOptions) {}

  /** The next assistant message for a conversation (pure: same messages → same text). */
  next(messages: ChatMessage[]): string {
    const { state, next } = this.replay(messages);
    return this.render(state, next);
  }

  private replay(messages: ChatMessage[]) {
    const { profile, question } = this.options;
    return replay(messages, question, profile.name, [...percentColumns(profile)], fileDecimal(profile));
  }

  /**
   * Whether the conversation ended with an answer to the user's (last) question: true, false
   * when it declined or could not compute it, null when there is no question or it has not ended.
   */
  answered(messages: ChatMessage[]): boolean | null {
    const { state } = this.replay(messages);
    const last = [...messages].reverse().find((m) => m.role !== 'system');
    if (last?.role !== 'assistant' || !/\bTERMINATE\s*$/.test(last.content)) return null;
    return state.verdict;
  }

  private render(state: PlanState, action: Action): string {
    const { profile } = this.options;
    if (action.kind === 'summary') {
      const summary = summaryMessage(state, profile);
      if (runsExactly(summary, null)) return summary;
      return '## Summary\n\nThe analysis finished; its figures are in the results above.\n\nTERMINATE';
    }
    let prose: string;
    let code: string;
    if (action.step === 'overview') {
      prose = firstMessage(profile, state.question);
      code = overviewCode(profile);
    } else {
      const roles = state.roles;
      const o = state.overview;
      if (!roles || !o) throw new Error('analysis step without an overview');
      prose = stepMessage(state, action);
      if (action.step === 'lookup') {
        code = lookupCode(
          state.question,
          mentionedColumns(
            state.question,
            o.columns.map((c) => c.name),
          ),
          state.decimal,
        );
      } else if (action.step === 'answer') {
        const u = state.understanding;
        if (u?.kind !== 'answer') throw new Error('answer step without an operation');
        code = operationCode(u.operation);
      } else {
        const stats = state.results.describe?.stats ?? [];
        const percent = percentColumns(profile);
        const levels = roles.measures.filter((m) => {
          const s = stats.find((x) => x.name === m);
          return measureKind(m, s ? { min: s.min, max: s.max } : undefined, percent.has(m)) === 'level';
        });
        code = analysisCode(action.step, action.variant, roles, levels);
      }
      if (action.reload) code = `${reloadCode(profile, roles)}\n\n${code}`;
    }
    const message = withCode(prose, code);
    if (runsExactly(message, code)) return message;
    // Never expected (names are escaped); if it happens anyway, drop the prose rather than risk it.
    const plain = withCode('Next step:', code);
    if (runsExactly(plain, code)) return plain;
    throw new ModelError('bad-response', 'the built-in analyst produced code it could not verify');
  }

  async complete(messages: ChatMessage[], options: CompletionOptions = {}): Promise<Completion> {
    const { signal, onToken } = options;
    const cancelled = () => new ModelError('cancelled', 'the built-in analyst was stopped');
    if (signal?.aborted) throw cancelled();
    const content = this.next(messages);
    for (const piece of content.match(/[^\n]*\n|[^\n]+/g) ?? []) {
      if (signal?.aborted) throw cancelled();
      onToken?.(piece);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (signal?.aborted) throw cancelled();
    return { content, finishReason: 'stop' };
  }
}
