/**
 * Running a reply's tool calls (tools mode). Each call runs its tool's reviewed template in the
 * conversation's session (approval, isolation and consent as for code); a call that does not fit
 * the data fails with its one-line tool error and nothing runs. The model's own code blocks are
 * never run here: only blocks the engine made from tool calls (which carry `tool`) are.
 */
import { formatAutogen } from '../exec/result';
import { statusOf } from '../../model/agent/events';
import type { AssistantMessage, BlockRun } from '../../model/agent/conversation';
import { toolErrorIn, ToolError } from '../tools';
import {
  approve,
  rejectedMessage,
  skipFrom,
  type BlockRunContext,
  type BlocksOutcome,
} from './block-approval';
import { callOf, runnableCall, toolScope } from './tool-calls';

/** One call's part of the message that goes back to a model that printed its calls as text. */
function part(block: BlockRun, output: string): string {
  return `Result of ${block.tool?.name ?? 'tool'} (call ${block.index + 1}):\n${output}`;
}

export async function runToolBlocks(ctx: BlockRunContext, reply: AssistantMessage): Promise<BlocksOutcome> {
  const { session, signal } = ctx;
  const scope = toolScope(ctx.conversation);
  const patch = (index: number, change: Partial<BlockRun>) =>
    ctx.emit({ type: 'block', id: reply.id, index, patch: change, at: ctx.at() });
  const parts: string[] = [];
  let failed = false;
  let feedback: string | null = null;
  for (const block of reply.blocks) {
    // the model's code never runs in tools mode: only the calls (and calls the user edited) do
    if (!block.tool) {
      if (block.status !== 'not-run') patch(block.index, { status: 'not-run' });
      continue;
    }
    // resumed (Retry, Continue): what already ran is not run twice, its result still goes back
    if (block.status === 'succeeded' && block.result) {
      parts.push(part(block, block.result.output));
      continue;
    }
    // a call runs its template; a call the user edited into Python of their own runs that (not the model's code)
    let template = block.code;
    if (block.language === 'tool') {
      const call = runnableCall(callOf(block), scope);
      if (call instanceof ToolError) {
        failed = true;
        patch(block.index, {
          status: 'failed',
          output: call.message,
          startedAt: ctx.at(),
          endedAt: ctx.at(),
        });
        parts.push(part(block, call.message));
        continue;
      }
      template = call.code;
    }
    const approval = await approve(ctx, reply, block, 'python', template);
    if (!approval.go) {
      if ('outcome' in approval) return approval.outcome;
      feedback = approval.feedback;
      skipFrom(ctx, reply, block.index + 1);
      break;
    }
    const code = approval.code;
    // what the user wrote instead runs as their own Python (the call's block keeps its id)
    if (block.language === 'tool' && approval.edited)
      patch(block.index, { language: 'python', code, proposed: block.code });
    patch(block.index, { status: 'running', startedAt: ctx.at(), output: '' });
    const result = await session.run('python', code, {
      signal,
      onOutput: (text) =>
        ctx.emit({ type: 'block-output', id: reply.id, index: block.index, text, at: ctx.at() }),
    });
    const toolError = toolErrorIn(result.results);
    const shown = toolError ? { ...result, exitCode: result.exitCode || 1, output: toolError } : result;
    patch(block.index, {
      status: statusOf(shown, signal.aborted),
      result: shown,
      output: shown.output,
      endedAt: ctx.at(),
    });
    parts.push(part(block, shown.output));
    if (shown.exitCode !== 0) failed = true;
    if (signal.aborted) {
      skipFrom(ctx, reply, block.index + 1);
      break;
    }
  }
  const exitCode = failed ? 1 : 0;
  const message = formatAutogen(exitCode, parts.join('\n\n'));
  if (feedback === null) return { message, exitCode };
  return { message: rejectedMessage(message, parts.length, feedback), exitCode: 1 };
}
