/**
 * Running one assistant message's blocks in order: asking for approval when the mode wants it
 * (run, edit & run, reject with feedback), streaming each block's output, stopping at the first
 * failure; what goes back to the model is the batch's `exitcode: N …` message.
 */
import { batchFrom } from '../exec/result';
import type { ExecSession } from '../exec/session';
import type { ExecResult } from '../../model/exec/types';
import { risksOf } from '../../model/exec/isolation';
import { approvalNeeded, waitForApproval, type Approver } from './approval';
import { statusOf, type AgentEvent } from '../../model/agent/events';
import type { AssistantMessage, BlockRun, Conversation } from '../../model/agent/conversation';

export interface BlockRunContext {
  conversation: Conversation;
  session: ExecSession;
  signal: AbortSignal;
  approver?: Approver;
  /** "Allow for this analysis": no more asking until this run ends. */
  consent: { allowed: boolean };
  emit(event: AgentEvent): void;
  at(): string;
}

export type BlocksOutcome =
  { message: string; exitCode: number; stop?: 'cancelled' | 'setup-docker' } | { error: string };

/** Runs the message's blocks in order, asking for approval when needed; stops at the first failure. */
export async function runBlocks(ctx: BlockRunContext, reply: AssistantMessage): Promise<BlocksOutcome> {
  const { session, signal } = ctx;
  const patch = (index: number, change: Partial<BlockRun>) =>
    ctx.emit({ type: 'block', id: reply.id, index, patch: change, at: ctx.at() });
  const skipRest = (from: number) => {
    for (const b of reply.blocks.slice(from)) patch(b.index, { status: 'not-run' });
  };
  const results: ExecResult[] = [];
  let feedback: string | null = null;
  for (const block of reply.blocks) {
    // resumed (Retry, Continue): what already ran is not run twice, its result still goes back
    if (block.status === 'succeeded' && block.result) {
      results.push(block.result);
      continue;
    }
    let code = block.code;
    if (approvalNeeded(ctx.conversation.settings.approval, session.sandbox.isolated, ctx.consent.allowed)) {
      patch(block.index, { status: 'awaiting-approval' });
      ctx.emit({ type: 'status', status: 'awaiting-approval', at: ctx.at() });
      const request = {
        conversationId: ctx.conversation.id,
        messageId: reply.id,
        index: block.index,
        language: block.language,
        code,
        isolated: session.sandbox.isolated,
        runner: session.sandbox.runner,
        risks: session.sandbox.isolated ? [] : risksOf(session.sandbox.isolation),
      };
      let decision;
      try {
        decision = await waitForApproval(ctx.approver, request, signal);
      } catch (err) {
        return { error: (err as Error).message };
      }
      ctx.emit({ type: 'status', status: 'running', at: ctx.at() });
      if (!decision || decision.action === 'cancel' || decision.action === 'setup-docker') {
        // stopped while waiting: this block and the rest will not run
        patch(block.index, { status: 'cancelled' });
        skipRest(block.index + 1);
        return {
          message: '',
          exitCode: 130,
          stop: decision?.action === 'setup-docker' ? 'setup-docker' : 'cancelled',
        };
      }
      if (decision.action === 'run' && decision.scope === 'analysis') ctx.consent.allowed = true;
      if (decision.action === 'reject') {
        feedback = decision.feedback;
        patch(block.index, { status: 'rejected', feedback });
        skipRest(block.index + 1);
        break;
      }
      if (decision.action === 'edit' && decision.code !== code) {
        patch(block.index, { code: decision.code, proposed: code });
        code = decision.code;
      }
    }
    patch(block.index, { status: 'running', startedAt: ctx.at(), output: '' });
    const result = await session.run(block.language, code, {
      signal,
      onOutput: (text) =>
        ctx.emit({ type: 'block-output', id: reply.id, index: block.index, text, at: ctx.at() }),
    });
    results.push(result);
    const status = statusOf(result, signal.aborted);
    patch(block.index, { status, result, output: result.output, endedAt: ctx.at() });
    if (result.exitCode !== 0) {
      skipRest(block.index + 1);
      break;
    }
  }
  const batch = batchFrom(results);
  if (feedback === null) return { message: batch.message, exitCode: batch.exitCode };
  const rejected = `The user rejected the ${results.length ? 'next ' : ''}code block and did not run it. Their feedback: ${feedback}`;
  return { message: results.length ? `${batch.message}\n\n${rejected}` : rejected, exitCode: 1 };
}
