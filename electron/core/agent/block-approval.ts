/**
 * Approval of one block before it runs (run, edit & run, reject with feedback, cancel), shared by
 * code blocks (blocks.ts) and tool calls (tool-blocks.ts), and what a run of blocks returns.
 */
import { risksOf } from '../../model/exec/isolation';
import type { ExecLanguage } from '../../model/exec/types';
import type { ExecSession } from '../exec/session';
import { approvalNeeded, waitForApproval, type Approver } from './approval';
import type { AgentEvent } from '../../model/agent/events';
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

/** What the user decided about a block that needed approval. */
export type Approval =
  | { go: true; code: string; edited: boolean }
  | { go: false; outcome: BlocksOutcome }
  | { go: false; feedback: string };

/**
 * Asks for approval when the mode wants it (run, edit & run, reject, cancel), showing `language`
 * and `code`: what would run. Patches the block's status while it waits.
 */
export async function approve(
  ctx: BlockRunContext,
  reply: AssistantMessage,
  block: BlockRun,
  language: ExecLanguage,
  code: string,
): Promise<Approval> {
  const { session, signal } = ctx;
  if (!approvalNeeded(ctx.conversation.settings.approval, session.sandbox.isolated, ctx.consent.allowed))
    return { go: true, code, edited: false };
  const patch = (index: number, change: Partial<BlockRun>) =>
    ctx.emit({ type: 'block', id: reply.id, index, patch: change, at: ctx.at() });
  patch(block.index, { status: 'awaiting-approval' });
  ctx.emit({ type: 'status', status: 'awaiting-approval', at: ctx.at() });
  const request = {
    conversationId: ctx.conversation.id,
    messageId: reply.id,
    index: block.index,
    language,
    code,
    isolated: session.sandbox.isolated,
    runner: session.sandbox.runner,
    risks: session.sandbox.isolated ? [] : risksOf(session.sandbox.isolation),
  };
  let decision;
  try {
    decision = await waitForApproval(ctx.approver, request, signal);
  } catch (err) {
    return { go: false, outcome: { error: (err as Error).message } };
  }
  ctx.emit({ type: 'status', status: 'running', at: ctx.at() });
  if (!decision || decision.action === 'cancel' || decision.action === 'setup-docker') {
    // stopped while waiting: this block and the rest will not run
    patch(block.index, { status: 'cancelled' });
    skipFrom(ctx, reply, block.index + 1);
    return {
      go: false,
      outcome: {
        message: '',
        exitCode: 130,
        stop: decision?.action === 'setup-docker' ? 'setup-docker' : 'cancelled',
      },
    };
  }
  if (decision.action === 'run' && decision.scope === 'analysis') ctx.consent.allowed = true;
  if (decision.action === 'reject') {
    patch(block.index, { status: 'rejected', feedback: decision.feedback });
    return { go: false, feedback: decision.feedback };
  }
  if (decision.action === 'edit' && decision.code !== code)
    return { go: true, code: decision.code, edited: true };
  return { go: true, code, edited: false };
}

/** Marks the blocks from `from` on as not run. */
export function skipFrom(ctx: BlockRunContext, reply: AssistantMessage, from: number): void {
  for (const b of reply.blocks.slice(from))
    ctx.emit({ type: 'block', id: reply.id, index: b.index, patch: { status: 'not-run' }, at: ctx.at() });
}

/** What goes back to the model when the user rejected a block with feedback. */
export function rejectedMessage(batch: string, ran: number, feedback: string): string {
  const rejected = `The user rejected the ${ran ? 'next ' : ''}code block and did not run it. Their feedback: ${feedback}`;
  return ran ? `${batch}\n\n${rejected}` : rejected;
}
