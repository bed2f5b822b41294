/**
 * Tools mode's blocks: a model's tool call (made through the API, or printed as JSON text) as a
 * BlockRun of language `tool` whose code is the call as JSON text, and back again.
 */
import type { FileProfile, PrivacyLevel } from '../../model/data/types';
import type { ToolCall, ToolDefinition } from '../../model/llm/types';
import type { BlockRun, BlockTool, Conversation } from '../../model/agent/conversation';
import type { ExecLanguage } from '../../model/exec/types';
import { planExecution } from '../exec/extract';
import {
  runnableToolCall,
  toolCallsInText,
  toolDefinitions,
  ToolError,
  toolNamed,
  type RunnableToolCall,
} from '../tools';

/** A call as its block's code shows it: `{"name": …, "arguments": …}`, indented. */
export function toolBlockCode(name: string, args: unknown): string {
  return JSON.stringify({ name, arguments: args }, null, 2);
}

/** The arguments as the API sent them (a JSON string), parsed when they are JSON. */
export function parsedArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The call a tool block holds: its name and arguments (as written in its code). */
export function callOf(block: Pick<BlockRun, 'code' | 'tool'>): { name: string; arguments: unknown } {
  try {
    const parsed = JSON.parse(block.code) as { name?: unknown; arguments?: unknown };
    if (parsed && typeof parsed === 'object' && typeof parsed.name === 'string')
      return { name: parsed.name, arguments: parsed.arguments ?? {} };
  } catch {
    // an unreadable call: its tool's name, without arguments (the tool error says what is missing)
  }
  return { name: block.tool?.name ?? '', arguments: {} };
}

/** The ToolCall a structured call's block answers, as the assistant message carries it back. */
export function apiToolCall(block: Pick<BlockRun, 'code' | 'tool'>): ToolCall | null {
  if (!block.tool?.callId) return null;
  const call = callOf(block);
  const args = call.arguments;
  return {
    id: block.tool.callId,
    name: block.tool.name,
    arguments: typeof args === 'string' ? args : JSON.stringify(args),
  };
}

/** What a call is checked against: the conversation's file, and what the model may learn of it. */
export interface ToolScope {
  profile: FileProfile | null;
  privacy: PrivacyLevel;
}

export function toolScope(conversation: Pick<Conversation, 'file' | 'settings'>): ToolScope {
  return { profile: conversation.file?.profile ?? null, privacy: conversation.settings.privacy };
}

/** The call as code to run for this file, or the one-line tool error saying why it cannot run. */
export function runnableCall(
  call: { name: string; arguments: unknown },
  scope: ToolScope,
): RunnableToolCall | ToolError {
  if (!scope.profile)
    return new ToolError('tools mode needs a data file: there is none in this conversation');
  return runnableToolCall(call.name, call.arguments, scope.profile, { privacy: scope.privacy });
}

/** The block's `tool`: what the call computes and its pandas, when it fits the data. */
export function blockTool(
  call: { name: string; arguments: unknown },
  callId: string | null,
  scope: ToolScope,
): BlockTool {
  const runnable = runnableCall(call, scope);
  const fits = !(runnable instanceof ToolError);
  return {
    // only a tool that exists is named: the model's name for an unknown one stays in the call's JSON
    name: toolNamed(call.name) ?? 'unknown',
    callId,
    summary: fits ? runnable.summary : '',
    equivalentCode: fits ? runnable.equivalentCode : '',
  };
}

/**
 * A tools-mode reply's blocks: its tool calls (queued), the API's own or, when it made none, the
 * ones it printed as JSON text; and its code blocks, shown and never run ('not-run'). In order
 * of where they are written; calls made through the API (not in the text) come last.
 */
export function toolsModeBlocks(content: string, calls: readonly ToolCall[], scope: ToolScope): BlockRun[] {
  const tools: Omit<BlockRun, 'index'>[] = calls.length
    ? calls.map((c) => {
        const call = { name: c.name, arguments: parsedArguments(c.arguments) };
        return {
          language: 'tool' as const,
          code: toolBlockCode(call.name, call.arguments),
          tool: blockTool(call, c.id, scope),
          status: 'queued' as const,
        };
      })
    : toolCallsInText(content).map((c) => ({
        start: c.start,
        end: c.end,
        language: 'tool' as const,
        code: toolBlockCode(c.name, c.arguments),
        tool: blockTool(c, null, scope),
        status: 'queued' as const,
      }));
  const inCall = (b: { start: number; end: number }) =>
    tools.some((t) => t.start !== undefined && t.end !== undefined && b.start < t.end && t.start < b.end);
  const code: Omit<BlockRun, 'index'>[] = planExecution(content)
    .blocks.filter((b) => !inCall(b))
    .map((b) => ({
      start: b.start,
      end: b.end,
      language: b.language as ExecLanguage,
      code: b.code,
      status: 'not-run' as const,
      // written in tools mode: shown, never run — not by Continue or Retry, nor under another model
      shownOnly: true,
    }));
  const at = (b: Omit<BlockRun, 'index'>) => b.start ?? Number.POSITIVE_INFINITY;
  return [...code, ...tools]
    .map((b, i) => ({ b, i }))
    .sort((x, y) => at(x.b) - at(y.b) || x.i - y.i)
    .map(({ b }, index) => ({ index, ...b }));
}

/** Said to a model whose tools-mode reply had code but no tool call (its code did not run). */
export const CODE_NOT_RUN_IN_TOOLS_MODE =
  'Code does not run in this conversation (tools mode): your code was shown, not run. Call the tools you are given instead.';

/**
 * The engine's plan for a tools-mode reply: the calls to run; or, when it has none, whether its
 * code must be answered (it has code and does not end the run), as an unsupported plan is.
 */
export function toolsPlan(reply: { content: string; blocks: BlockRun[] }): {
  blocks: BlockRun[];
  unsupported: string | null;
} {
  const calls = reply.blocks.filter((b) => b.tool !== undefined);
  const hasCode = reply.blocks.some((b) => b.tool === undefined);
  const ends = /\bTERMINATE\b/.test(reply.content);
  return {
    blocks: calls,
    unsupported: !calls.length && hasCode && !ends ? CODE_NOT_RUN_IN_TOOLS_MODE : null,
  };
}

/**
 * The tools offered to the model. Their parameters list the file's column names only where the
 * privacy level lets the model see them: at `none` the definitions name no column (the model
 * calls profile() and sees what the tool prints, as code would).
 */
export function offeredTools(conversation: Pick<Conversation, 'file' | 'settings'>): ToolDefinition[] {
  const profile = conversation.file?.profile;
  return toolDefinitions(profile && conversation.settings.privacy !== 'none' ? profile : undefined);
}
