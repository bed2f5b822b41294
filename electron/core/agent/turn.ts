/**
 * One assistant turn: the model is asked with the conversation as chat messages, its reply is
 * streamed into a new assistant message (tokens, restarts, rate-limit waits as events), and the
 * finished text's runnable blocks are planned. A reply cut short keeps its text and runs nothing.
 */
import { planExecution } from '../exec/extract';
import type { ExecLanguage } from '../../model/exec/types';
import { recoverCode } from '../llm/recover';
import type { ChatModel, Completion, TokenUsage } from '../../model/llm/types';
import { ModelError } from '../../model/llm/types';
import type { AgentEvent } from '../../model/agent/events';
import type { AssistantMessage, BlockRun, Conversation } from '../../model/agent/conversation';
import { chatMessages } from './prompt';
import { offeredTools, toolScope, toolsModeBlocks } from './tool-calls';
import { usesTools } from '../../model/agent/tools-mode';
import { hostOf } from '../../model/agent/recovery';

/** What a turn needs from its run: the conversation as it is now, and a way to change it. */
export interface TurnContext {
  conversation: () => Conversation;
  emit: (event: AgentEvent) => void;
  at: () => string;
  now: () => Date;
  newId: (prefix: string) => string;
}

/** Asks `model` for the next reply; `regenerated` (> 0) marks it as a rewrite. */
export async function assistantTurn(
  ctx: TurnContext,
  model: ChatModel,
  system: string,
  signal: AbortSignal,
  regenerated: number,
): Promise<AssistantMessage> {
  const conv = ctx.conversation();
  const messages = chatMessages(conv, system, model.info.contextTokens);
  // tools mode: the model gets the tools; its calls become the blocks, its code never runs
  const tools = usesTools(conv);
  const id = ctx.newId('a');
  ctx.emit({
    type: 'message',
    at: ctx.at(),
    message: {
      id,
      role: 'assistant',
      content: '',
      at: ctx.at(),
      streaming: true,
      blocks: [],
      by: model.info.kind,
      ...(regenerated ? { regenerated } : {}),
    },
  });
  const host = hostOf(model.info.endpoint);
  const completion = await model.complete(messages, {
    signal,
    onToken: (text) => ctx.emit({ type: 'delta', id, text, at: ctx.at() }),
    onRestart: () => ctx.emit({ type: 'restart', id, at: ctx.at() }),
    onWait: ({ delayMs, reason }) => {
      const until = new Date(ctx.now().getTime() + delayMs).toISOString();
      ctx.emit({ type: 'wait', wait: { id, until, reason, host }, at: ctx.at() });
    },
    ...(tools ? { tools: offeredTools(conv) } : {}),
  });
  const calls = tools ? (completion.toolCalls ?? []) : [];
  if (!completion.content.trim() && !calls.length)
    throw new ModelError('bad-response', 'the model returned an empty reply');
  if (tools) {
    const content = completion.content;
    const blocks = toolsModeBlocks(content, calls, toolScope(conv));
    ctx.emit({ type: 'assistant-done', id, content, blocks, ...usageOf(completion), at: ctx.at() });
    return ctx.conversation().messages.find((m): m is AssistantMessage => m.id === id)!;
  }
  const { content, recovered } = recoverCode(completion.content);
  const execution = ctx.conversation().settings.execution;
  const blocks: BlockRun[] = planExecution(content).blocks.map((b, index) => ({
    index,
    start: b.start,
    end: b.end,
    language: b.language as ExecLanguage,
    code: b.code,
    status: execution === 'off' ? 'not-run' : 'queued',
  }));
  ctx.emit({
    type: 'assistant-done',
    id,
    content,
    blocks,
    recovered: recovered ?? undefined,
    ...usageOf(completion),
    at: ctx.at(),
  });
  return ctx.conversation().messages.find((m): m is AssistantMessage => m.id === id)!;
}

/** A reply cut short (error, cancel) keeps its text but runs nothing. */
export function endStreaming(ctx: TurnContext): void {
  for (const m of ctx.conversation().messages) {
    if (m.role === 'assistant' && m.streaming)
      ctx.emit({
        type: 'assistant-done',
        id: m.id,
        content: m.content,
        blocks: [],
        interrupted: true,
        at: ctx.at(),
      });
  }
}

/** The reply's token usage, for its message, when the endpoint reported it. */
function usageOf(completion: Completion): { usage?: TokenUsage } {
  return completion.usage ? { usage: completion.usage } : {};
}
