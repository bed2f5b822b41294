// The chat-completions wire format for what the model port carries beyond text: messages with
// tool calls and tool results, the tool calls of a reply, and the token usage of a reply.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ChatMessage, TokenUsage, ToolCall } from '../../model/llm/types';
import type { ToolCallLike } from './recover';

/** A message as the API takes it: tool calls on an assistant message, the call id on a tool result. */
export function apiMessage(m: ChatMessage): ChatCompletionMessageParam {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId ?? '', content: m.content };
  if (m.role === 'assistant' && m.toolCalls?.length) {
    return {
      role: 'assistant',
      content: m.content || null,
      tool_calls: m.toolCalls.map((c) => ({
        id: c.id,
        type: 'function' as const,
        function: { name: c.name, arguments: c.arguments },
      })),
    };
  }
  return { role: m.role, content: m.content };
}

let generated = 0;

/**
 * The tool calls of a reply (message.tool_calls, or the accumulated stream deltas), with an id
 * made up for a call the server sent without one (the tool result must name it). Calls without
 * a name are dropped: nothing could run them.
 */
export function toolCallsOf(calls: readonly (ToolCallLike & { id?: unknown })[]): ToolCall[] {
  const out: ToolCall[] = [];
  for (const call of calls) {
    const name = call?.function?.name ?? call?.custom?.name;
    if (typeof name !== 'string' || name.trim() === '') continue;
    const args = call.function?.arguments ?? call.custom?.input;
    const id =
      typeof call.id === 'string' && call.id !== ''
        ? call.id
        : `call_pw_${Date.now().toString(36)}_${++generated}`;
    out.push({
      id,
      name: name.trim(),
      arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
    });
  }
  return out;
}

/** The token usage an API body or stream chunk reported, or null. */
export function usageOf(raw: unknown): TokenUsage | null {
  if (!raw || typeof raw !== 'object') return null;
  const u = raw as { prompt_tokens?: unknown; completion_tokens?: unknown };
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
  const prompt = n(u.prompt_tokens);
  const completion = n(u.completion_tokens);
  return prompt === null && completion === null
    ? null
    : { promptTokens: prompt ?? 0, completionTokens: completion ?? 0 };
}
