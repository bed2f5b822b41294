/**
 * What the model receives: a data-analysis system prompt (the file's name, how to read it,
 * what the user allows it to see, the chart helper, how to finish) and the conversation,
 * trimmed to a budget sized to the model's context.
 */
import { legacyResult, visibleCode, visibleOutput } from '../../model/exec/visible-output';
import type { ChatMessage } from '../../model/llm/types';
import type { AssistantMessage, Conversation, Message } from '../../model/agent/conversation';
import { TOOLS_INSTRUCTIONS } from '../tools/messages';
import { apiToolCall } from './tool-calls';

export interface PromptInput {
  /** File name as the code reads it, e.g. sales.csv. */
  fileName: string | null;
  /** The privacy-filtered description of the data (data/privacy.ts `dataBrief`): exactly what is sent. */
  dataBrief: string | null;
  executionOn: boolean;
  /** Tools mode: the model calls analysis tools and writes no code (TOOLS_INSTRUCTIONS). */
  tools?: boolean;
}

export function systemPrompt(input: PromptInput): string {
  if (input.tools) {
    const lines = [TOOLS_INSTRUCTIONS];
    if (input.fileName) lines.push('', `The user's data file is ${JSON.stringify(input.fileName)}.`);
    if (input.dataBrief) lines.push('', input.dataBrief);
    return lines.join('\n');
  }
  const lines = [
    'You are a careful data analyst. You answer questions about a data file by writing Python (pandas) code that the user runs for you.',
    '',
    'How to work:',
    '- Write code in ```python blocks. Every block of your message runs in order in one persistent Python session: variables (such as a loaded DataFrame) stay available in later messages, so load the file once.',
    '- You then receive the result as `exitcode: N (execution succeeded|execution failed)` followed by the output. If it failed, read the error and send corrected code.',
    '- Print what you need to see; the output is shortened when it is very long, so print summaries, not whole tables.',
    '- Charts: `chart(df, kind="bar"|"line"|"scatter"|"pie"|"area", x="column", y="column or list", title="…")` shows an interactive chart to the user; `chart` is available without an import. matplotlib figures are saved and shown too.',
    '- There is no network access and no package installation; pandas, numpy and matplotlib are available.',
    '- When the question is answered, reply with a short plain-language answer that quotes the figures you computed, and end your message with TERMINATE.',
  ];
  if (!input.executionOn) {
    lines.push(
      '- Code execution is turned off for this conversation: explain the code you would run; it will be shown, not run.',
    );
  }
  if (input.fileName) {
    lines.push('', `The user's file is in the current folder as ${JSON.stringify(input.fileName)}.`);
  }
  if (input.dataBrief) lines.push('', input.dataBrief);
  return lines.join('\n');
}

/** ~4 characters per token: close enough for budgeting without a tokenizer. */
export const CHARS_PER_TOKEN = 4;

/** Head + tail of `text` within `max` characters, with a notice of what was cut. */
export function trimMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const notice = (n: number) => `\n… ${n} characters omitted …\n`;
  const room = Math.max(0, max - notice(text.length).length);
  const head = Math.ceil(room * 0.7);
  const tail = room - head;
  return `${text.slice(0, head)}${notice(text.length - room)}${tail > 0 ? text.slice(-tail) : ''}`;
}

/** The budget for one execution result, and for the whole history, in characters. */
export function budgets(contextTokens: number): { perResult: number; total: number } {
  const total = Math.floor(contextTokens * CHARS_PER_TOKEN * 0.7); // the rest is for the reply
  return { perResult: Math.max(1500, Math.min(20_000, Math.floor(total * 0.25))), total };
}

/**
 * What the code of the assistant message `replyTo` handed over out of band, block by block. A block
 * saved before the result channel existed (no `results` field) gives the result line its output
 * ended with, as the old helper printed it; a new block's output is never read for figures.
 */
export function outOfBandResults(messages: Message[], replyTo: string): Record<string, unknown>[] {
  const asked = messages.find((m) => m.id === replyTo);
  if (asked?.role !== 'assistant') return [];
  const results: Record<string, unknown>[] = [];
  for (const block of asked.blocks) {
    if (!block.result) continue;
    if (block.result.results) results.push(...block.result.results);
    else {
      const legacy = legacyResult(block.result.output);
      if (legacy) results.push(legacy);
    }
  }
  return results;
}

/**
 * The conversation as chat messages: execution results go back as user messages (AutoGen),
 * each trimmed head + tail, without machine lines older versions printed (visibleOutput), and
 * with the figures handed over out of band (`results`, for the built-in analyst only); when the
 * whole still does not fit, older results are cut harder, then older turns are dropped from the
 * middle (the question and the latest turns stay).
 */
export function chatMessages(conv: Conversation, system: string, contextTokens: number): ChatMessage[] {
  const { perResult, total } = budgets(contextTokens);
  const history: ChatMessage[] = [];
  // The built-in analyst replays its own replies as its steps: a model's replies (before "Use the
  // built-in analyst") and the figures their code recorded are not its steps, and never count.
  const foreign = new Set(
    conv.model.kind === 'builtin'
      ? conv.messages.filter((m) => m.role === 'assistant' && m.by && m.by !== 'builtin').map((m) => m.id)
      : [],
  );
  // replies whose tool calls were made through the API: their results go back as tool messages
  const called = new Set<string>();
  for (const m of conv.messages) {
    if (foreign.has(m.id) || (m.role === 'execution' && foreign.has(m.replyTo))) continue;
    if (m.role === 'user') history.push({ role: 'user', content: m.content });
    else if (m.role === 'assistant' && !m.streaming && m.blocks.some((b) => b.tool?.callId)) {
      called.add(m.id);
      history.push(...toolTurn(m, perResult));
    } else if (m.role === 'assistant' && !m.streaming)
      history.push({ role: 'assistant', content: visibleCode(m.content) });
    else if (m.role === 'execution' && called.has(m.replyTo)) continue;
    else if (m.role === 'execution')
      history.push({
        role: 'user',
        content: trimMiddle(visibleOutput(m.content), perResult),
        results: outOfBandResults(conv.messages, m.replyTo),
      });
  }
  const size = () => system.length + history.reduce((n, m) => n + m.content.length, 0);
  const keepLast = 4;
  // 1. cut older messages (all but the first and the last few) hard
  for (let i = 1; i < history.length - keepLast && size() > total; i++) {
    history[i] = { ...history[i]!, content: trimMiddle(history[i]!.content, 1000) };
  }
  // 2. drop whole older turns from the middle
  while (size() > total && history.length > keepLast + 1) {
    history.splice(1, 1);
    // a tool result is never sent without the call it answers
    while (history[1]?.role === 'tool' && !history[0]?.toolCalls) history.splice(1, 1);
  }
  // 3. last resort: trim the newest messages too
  for (let i = 0; i < history.length && size() > total; i++) {
    history[i] = {
      ...history[i]!,
      content: trimMiddle(history[i]!.content, Math.max(500, Math.floor(total / (history.length + 1)))),
    };
  }
  return [{ role: 'system', content: system }, ...history];
}

/** What a tool call's block says back to the model: its output, its error, or why it did not run. */
function toolResult(block: AssistantMessage['blocks'][number], perResult: number): string {
  const output = visibleOutput(block.result?.output ?? block.output ?? '');
  if (block.status === 'succeeded') return trimMiddle(output, perResult) || '(no output)';
  if (block.status === 'failed' || block.status === 'timed-out')
    return trimMiddle(`Error: ${output || block.status}`, perResult);
  if (block.status === 'rejected')
    return `The user rejected this call and did not run it. Their feedback: ${block.feedback ?? ''}`;
  return `This call did not run (${block.status}).`;
}

/**
 * A reply with tool calls made through the API, as the API wants it back: the assistant message
 * carrying its calls, then one tool message per call with its result (every call is answered).
 */
function toolTurn(m: AssistantMessage, perResult: number): ChatMessage[] {
  const calls = m.blocks.flatMap((b) => {
    const call = apiToolCall(b);
    return call ? [{ block: b, call }] : [];
  });
  return [
    { role: 'assistant', content: visibleCode(m.content), toolCalls: calls.map((c) => c.call) },
    ...calls.map(({ block, call }): ChatMessage => ({
      role: 'tool',
      toolCallId: call.id,
      content: toolResult(block, perResult),
    })),
  ];
}

/** TERMINATE anywhere in the message, as a word. */
export function saysTerminate(content: string): boolean {
  return /\bTERMINATE\b/.test(content);
}
