/**
 * Running one assistant message's blocks in order: asking for approval when the mode wants it
 * (run, edit & run, reject with feedback), streaming each block's output, stopping at the first
 * failure; what goes back to the model is the batch's `exitcode: N …` message.
 */
import { batchFrom } from '../exec/result';
import type { ExecResult } from '../../model/exec/types';
import { statusOf } from '../../model/agent/events';
import type { AssistantMessage, BlockRun } from '../../model/agent/conversation';
import { usesTools } from '../../model/agent/tools-mode';
import {
  approve,
  rejectedMessage,
  skipFrom,
  type BlockRunContext,
  type BlocksOutcome,
} from './block-approval';
import { runToolBlocks } from './tool-blocks';

export type { BlockRunContext, BlocksOutcome } from './block-approval';

/**
 * Runs the message's blocks in order, asking for approval when needed; stops at the first failure.
 * In tools mode only its tool calls run (tool-blocks.ts): the model's code never does.
 */
export async function runBlocks(ctx: BlockRunContext, reply: AssistantMessage): Promise<BlocksOutcome> {
  if (usesTools(ctx.conversation)) return runToolBlocks(ctx, reply);
  const { session, signal } = ctx;
  const patch = (index: number, change: Partial<BlockRun>) =>
    ctx.emit({ type: 'block', id: reply.id, index, patch: change, at: ctx.at() });
  const results: ExecResult[] = [];
  let feedback: string | null = null;
  for (const block of reply.blocks) {
    // resumed (Retry, Continue): what already ran is not run twice, its result still goes back
    if (block.status === 'succeeded' && block.result) {
      results.push(block.result);
      continue;
    }
    // a tool call outside tools mode (the mode changed): it is not code, nothing runs it here
    if (block.language === 'tool') {
      patch(block.index, { status: 'not-run' });
      continue;
    }
    const approval = await approve(ctx, reply, block, block.language, block.code);
    if (!approval.go) {
      if ('outcome' in approval) return approval.outcome;
      feedback = approval.feedback;
      skipFrom(ctx, reply, block.index + 1);
      break;
    }
    const code = approval.code;
    if (approval.edited) patch(block.index, { code, proposed: block.code });
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
      skipFrom(ctx, reply, block.index + 1);
      break;
    }
  }
  const batch = batchFrom(results);
  if (feedback === null) return { message: batch.message, exitCode: batch.exitCode };
  return { message: rejectedMessage(batch.message, results.length, feedback), exitCode: 1 };
}
