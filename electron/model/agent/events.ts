/**
 * Everything that happens to a conversation is an event; a pure reducer folds events into
 * the conversation. The engine, the store and the renderer all use the same reducer, so a
 * streamed reply looks the same live, after a save and after reopening.
 */
import type { AnswerTrace } from '../answer/types';
import type { ExecResult } from '../exec/types';
import type {
  AssistantMessage,
  BlockRun,
  Conversation,
  ConversationStatus,
  ExecutionInfo,
  Message,
  ModelRef,
  ModelWait,
  StopReason,
} from './conversation';
import type { TokenUsage } from '../llm/types';

export type AgentEvent =
  | { type: 'status'; status: ConversationStatus; at: string }
  | { type: 'message'; message: Message; at: string }
  /** Streamed assistant text. */
  | { type: 'delta'; id: string; text: string; at: string }
  /** The model's stream was retried: drop the partial text. */
  | { type: 'restart'; id: string; at: string }
  | {
      type: 'assistant-done';
      id: string;
      content: string;
      blocks: BlockRun[];
      recovered?: AssistantMessage['recovered'];
      /** Cut short (Stop, or a model failure mid-stream): its blocks do not run. */
      interrupted?: boolean;
      /** Tokens the reply used, when the endpoint reported them. */
      usage?: TokenUsage;
      at: string;
    }
  | { type: 'block'; id: string; index: number; patch: Partial<BlockRun>; at: string }
  /** Live output of a running block. */
  | { type: 'block-output'; id: string; index: number; text: string; at: string }
  | { type: 'execution-info'; info: ExecutionInfo; at: string }
  | { type: 'turns'; turns: number; at: string }
  | { type: 'title'; title: string; at: string }
  | { type: 'started'; at: string }
  /** The run's final answer, traced (answer/): sent once per run, just before 'finished'. */
  | { type: 'answer'; answer: AnswerTrace; at: string }
  | { type: 'finished'; reason: StopReason; error: string | null; at: string }
  /** The model waits before its next attempt (rate limit, backoff): the renderer counts down. */
  | { type: 'wait'; wait: ModelWait; at: string }
  /**
   * The reply `id` is written anew (Regenerate, or Continue after a reply cut short): it and
   * everything after it (its code's results, notices) leave the conversation.
   */
  | { type: 'regenerate'; id: string; at: string }
  /** From now on another assistant writes the replies (e.g. "Use the built-in analyst"). */
  | { type: 'model'; model: ModelRef; at: string };

/** Live output kept per block in the conversation (the final result replaces it). */
export const MAX_LIVE_OUTPUT = 100_000;

function mapAssistant(
  conv: Conversation,
  id: string,
  fn: (m: AssistantMessage) => AssistantMessage,
): Message[] {
  return conv.messages.map((m) => (m.id === id && m.role === 'assistant' ? fn(m) : m));
}

function mapBlock(conv: Conversation, id: string, index: number, fn: (b: BlockRun) => BlockRun): Message[] {
  return mapAssistant(conv, id, (m) => ({
    ...m,
    blocks: m.blocks.map((b) => (b.index === index ? fn(b) : b)),
  }));
}

/** Events after which the model is no longer waiting to try again. */
const ENDS_WAIT = new Set<AgentEvent['type']>([
  'delta',
  'restart',
  'assistant-done',
  'message',
  'started',
  'finished',
  'regenerate',
]);

/** Pure: returns a new conversation, never changes the one given. */
export function reduce(conv: Conversation, event: AgentEvent): Conversation {
  const next: Conversation = { ...conv, updatedAt: event.at, seq: (conv.seq ?? 0) + 1 };
  // a countdown ends with what the model does next (the sandbox reporting meanwhile does not end it)
  if (conv.waiting && ENDS_WAIT.has(event.type)) next.waiting = null;
  switch (event.type) {
    case 'status':
      return { ...next, status: event.status };
    case 'started':
      return { ...next, status: 'running', stopReason: null, error: null, turns: 0, answer: null };
    case 'message':
      return { ...next, messages: [...conv.messages, event.message] };
    case 'delta':
      return {
        ...next,
        messages: mapAssistant(conv, event.id, (m) => ({ ...m, content: m.content + event.text })),
      };
    case 'restart':
      return { ...next, messages: mapAssistant(conv, event.id, (m) => ({ ...m, content: '' })) };
    case 'assistant-done':
      // a reply that never said a word (the model failed or was stopped first) is not kept
      if (!event.content.trim() && event.blocks.length === 0)
        return { ...next, messages: conv.messages.filter((m) => m.id !== event.id) };
      return {
        ...next,
        messages: mapAssistant(conv, event.id, (m) => {
          const done: AssistantMessage = {
            ...m,
            content: event.content,
            blocks: event.blocks,
            streaming: false,
          };
          if (event.recovered) done.recovered = event.recovered;
          if (event.interrupted) done.interrupted = true;
          if (event.usage) done.usage = event.usage;
          return done;
        }),
      };
    case 'block':
      return { ...next, messages: mapBlock(conv, event.id, event.index, (b) => ({ ...b, ...event.patch })) };
    case 'block-output':
      return {
        ...next,
        messages: mapBlock(conv, event.id, event.index, (b) => ({
          ...b,
          output: ((b.output ?? '') + event.text).slice(0, MAX_LIVE_OUTPUT),
        })),
      };
    case 'execution-info':
      return { ...next, execution: event.info };
    case 'turns':
      return { ...next, turns: event.turns };
    case 'title':
      return { ...next, title: event.title };
    case 'answer': {
      const id = event.answer.messageId;
      return {
        ...next,
        answer: event.answer,
        answers: id ? { ...conv.answers, [id]: event.answer } : conv.answers,
      };
    }
    case 'finished':
      return { ...next, status: 'finished', stopReason: event.reason, error: event.error };
    case 'wait':
      return { ...next, waiting: event.wait };
    case 'regenerate': {
      const from = conv.messages.findIndex((m) => m.id === event.id);
      return from < 0 ? next : { ...next, messages: conv.messages.slice(0, from) };
    }
    case 'model':
      return { ...next, model: event.model };
  }
}

/** The block status a finished execution result means. */
export function statusOf(result: ExecResult, cancelled: boolean): BlockRun['status'] {
  if (cancelled) return 'cancelled';
  if (result.timedOut) return 'timed-out';
  return result.exitCode === 0 ? 'succeeded' : 'failed';
}
