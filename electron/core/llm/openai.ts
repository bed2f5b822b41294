// The model port over any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, LM Studio,
// llama.cpp, vLLM, …), with streaming, our own timeouts and retries, and one-line errors.
import type OpenAI from 'openai';
import { APIError, APIUserAbortError } from 'openai';
import { Stream } from 'openai/streaming';
import type { ChatCompletionChunk, ChatCompletionTool } from 'openai/resources/chat/completions';
import { ModelError } from '../../model/llm/types';
import type {
  ChatMessage,
  ChatModel,
  Completion,
  CompletionOptions,
  ModelInfo,
  TokenUsage,
  ToolCall,
  ToolDefinition,
} from '../../model/llm/types';
import { toolsUnsupportedMessage } from '../tools/messages';
import {
  AttemptTimeout,
  classifyFailure,
  redactedLine,
  rejectsStreamOptions,
  rejectsTools,
  StreamInterrupted,
} from './errors';
import type { ErrorContext } from './errors';
import { DEFAULT_RETRY_POLICY, retryDelay, sleep as realSleep } from './retry';
import type { RetryPolicy, Sleep } from './retry';
import { createClient, safeEndpoint } from './endpoints';
import { apiMessage, toolCallsOf, usageOf } from './wire';
import { toolCallsToContent } from './recover';
import type { ToolCallLike } from './recover';

export interface OpenAICompatibleOptions {
  baseUrl: string;
  model: string;
  /** Sent only in the Authorization header; absent/empty → no Authorization header at all. */
  apiKey?: string;
  /** Default: known value for well-known OpenAI models, else 8192. */
  contextTokens?: number;
  /** Per attempt: wait for the response headers (and, unstreamed, the whole body). Default 120 s. */
  timeoutMs?: number;
  /** Longest silence between two stream chunks before the stream counts as cut. Default min(timeoutMs, 60 s). */
  stallTimeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** Stream the reply (SSE). Default true. */
  stream?: boolean;
  fetch?: typeof fetch;
  /** For tests: the wait between attempts, and the jitter source. */
  sleep?: Sleep;
  random?: () => number;
  retryPolicy?: Partial<RetryPolicy>;
}

export const DEFAULT_CONTEXT_TOKENS = 8192;
export const DEFAULT_TIMEOUT_MS = 120_000;

/** Context windows of well-known OpenAI models, by name prefix (longest match wins). */
const KNOWN_CONTEXT: ReadonlyArray<readonly [string, number]> = [
  ['gpt-5', 400_000],
  ['gpt-4.1', 1_047_576],
  ['gpt-4o', 128_000],
  ['gpt-4-turbo', 128_000],
  ['gpt-4-32k', 32_768],
  ['gpt-4', 8_192],
  ['gpt-3.5-turbo', 16_385],
  ['o1-mini', 128_000],
  ['o1', 200_000],
  ['o3', 200_000],
  ['o4-mini', 200_000],
];

export function knownContextTokens(model: string): number | undefined {
  const name = model.toLowerCase().replace(/^openai\//, '');
  let best: readonly [string, number] | undefined;
  for (const entry of KNOWN_CONTEXT) {
    if (name.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1];
}

/** An error thrown by the caller's onToken: passed through untouched, never retried. */
class ConsumerError {
  constructor(readonly error: unknown) {}
}

interface ToolAcc {
  id: string;
  name: string;
  arguments: string;
}

/** What one request asks for beyond the messages. */
interface Ask {
  /** Tools offered (tools mode): the reply's calls come back as `toolCalls`, not as text. */
  tools?: ToolDefinition[];
}

export class OpenAICompatibleModel implements ChatModel {
  readonly info: ModelInfo;
  /** Null when the options were unusable (a bad base URL): `complete` then rejects with `setupError`. */
  private readonly client: OpenAI | null = null;
  private readonly setupError: ModelError | null = null;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;
  private readonly stallMs: number;
  private readonly stream: boolean;
  private readonly policy: RetryPolicy;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  /** Ask for the token usage in streams (`stream_options`), until a server rejects it. */
  private streamUsage = true;

  constructor(options: OpenAICompatibleOptions) {
    this.apiKey = options.apiKey?.trim() || undefined;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.stallMs = options.stallTimeoutMs ?? Math.min(this.timeoutMs, 60_000);
    this.stream = options.stream ?? true;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy };
    if (options.maxRetries !== undefined) this.policy.maxRetries = options.maxRetries;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    try {
      this.client = createClient({ ...options, apiKey: this.apiKey, timeoutMs: this.timeoutMs });
    } catch (err) {
      this.setupError =
        err instanceof ModelError ? err : new ModelError('connection', 'invalid endpoint settings');
    }
    this.info = {
      kind: 'openai-compatible',
      model: options.model,
      endpoint: safeEndpoint(options.baseUrl),
      contextTokens: options.contextTokens ?? knownContextTokens(options.model) ?? DEFAULT_CONTEXT_TOKENS,
    };
  }

  async complete(messages: ChatMessage[], options: CompletionOptions = {}): Promise<Completion> {
    const { signal, onToken, onRestart, onWait } = options;
    const ask: Ask = options.tools?.length ? { tools: options.tools } : {};
    const ctx: ErrorContext = {
      endpoint: this.info.endpoint ?? '',
      model: this.info.model,
      apiKey: this.apiKey,
      attempts: 0,
      timeoutMs: this.timeoutMs,
    };
    let streamed = false;
    const emit = (text: string) => {
      streamed = true;
      try {
        onToken?.(text);
      } catch (err) {
        throw new ConsumerError(err);
      }
    };
    for (;;) {
      ctx.attempts++;
      try {
        if (signal?.aborted) throw new APIUserAbortError();
        return await this.attempt(messages, signal, emit, ask);
      } catch (err) {
        if (err instanceof ConsumerError) throw err.error;
        if (this.stream && this.streamUsage && rejectsStreamOptions(err)) {
          // a server that does not know `stream_options`: ask again without it (not a failure)
          this.streamUsage = false;
          ctx.attempts--;
          continue;
        }
        if (ask.tools && rejectsTools(err)) {
          const status = (err as { status?: number }).status;
          throw new ModelError('bad-response', toolsUnsupportedMessage(this.info.model), status);
        }
        const failure = classifyFailure(err, ctx, signal);
        if (!failure.retryable || ctx.attempts > this.policy.maxRetries) throw failure.error;
        const delay = retryDelay(ctx.attempts - 1, failure.retryAfterMs, this.policy, this.random);
        if (delay === null) {
          const wait = Math.round((failure.retryAfterMs ?? 0) / 1000);
          const status = failure.error.status ?? '';
          const line = `${ctx.endpoint} asks to wait ${wait} s before trying again (${status}): try again later`;
          throw new ModelError(failure.error.kind, redactedLine(line, this.apiKey), failure.error.status);
        }
        if (streamed) {
          streamed = false;
          onRestart?.();
        }
        onWait?.({
          delayMs: delay,
          reason: failure.error.kind === 'rate-limit' ? 'rate-limit' : 'retry',
          attempt: ctx.attempts,
        });
        try {
          await this.sleep(delay, signal);
        } catch {
          throw new ModelError('cancelled', 'the request was cancelled');
        }
      }
    }
  }

  /** One request. Throws raw SDK/network errors or our markers; classifyFailure sorts them out. */
  private async attempt(
    messages: ChatMessage[],
    signal: AbortSignal | undefined,
    emit: (text: string) => void,
    ask: Ask,
  ): Promise<Completion> {
    const ctl = new AbortController();
    const onAbort = () => ctl.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let interruption: Error | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (ms: number, make: () => Error) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        interruption = make();
        ctl.abort(interruption);
      }, ms);
    };
    arm(this.timeoutMs, () => new AttemptTimeout(this.timeoutMs));
    try {
      if (!this.client) throw this.setupError;
      const response = await this.client.chat.completions
        .create(
          {
            model: this.info.model,
            messages: messages.map(apiMessage),
            stream: this.stream,
            ...(this.stream && this.streamUsage ? { stream_options: { include_usage: true } } : {}),
            ...(ask.tools ? { tools: ask.tools as ChatCompletionTool[] } : {}),
          },
          { signal: ctl.signal, timeout: this.timeoutMs, maxRetries: 0 },
        )
        .asResponse();
      const type = response.headers.get('content-type') ?? '';
      if (type.includes('text/event-stream')) {
        // Until the first chunk the model may still be thinking: the full timeout applies.
        arm(this.timeoutMs, () => new StreamInterrupted('stall', this.timeoutMs));
        const rearm = () => arm(this.stallMs, () => new StreamInterrupted('stall', this.stallMs));
        return await this.readStream(response, ctl, emit, rearm, () => interruption, ask);
      }
      // Unstreamed, or a server that answered a streaming request with a plain JSON completion.
      return this.fromJson(await response.text(), emit, ask);
    } catch (err) {
      if (interruption && !signal?.aborted) throw interruption;
      throw err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async readStream(
    response: Response,
    ctl: AbortController,
    emit: (text: string) => void,
    onChunk: () => void,
    interruption: () => Error | null,
    ask: Ask,
  ): Promise<Completion> {
    const stream = Stream.fromSSEResponse<ChatCompletionChunk>(response, ctl, this.client ?? undefined);
    let content = '';
    let finishReason: string | null = null;
    let chunks = 0;
    let usage: TokenUsage | null = null;
    const tools = new Map<number, ToolAcc>();
    try {
      for await (const chunk of stream) {
        onChunk();
        chunks++;
        if (!Array.isArray(chunk?.choices)) throw invalid('a stream chunk without choices');
        usage = usageOf(chunk.usage) ?? usage;
        const choice = chunk.choices[0];
        if (!choice) continue;
        const text = choice.delta?.content;
        if (typeof text === 'string' && text !== '') {
          content += text;
          emit(text);
        }
        for (const call of choice.delta?.tool_calls ?? []) {
          const acc = tools.get(call.index) ?? { id: '', name: '', arguments: '' };
          if (call.id) acc.id = call.id;
          acc.name += call.function?.name ?? '';
          acc.arguments += call.function?.arguments ?? '';
          tools.set(call.index, acc);
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
    } catch (err) {
      // Ours, the caller's, unparsable data, or an `error` event from the server: not a cut.
      const passThrough = [ConsumerError, ModelError, SyntaxError, APIError];
      if (passThrough.some((kind) => err instanceof kind)) throw err;
      // The connection dropped mid-stream; with the finish already seen we have the whole reply.
      if (finishReason === null) throw new StreamInterrupted('cut');
    }
    // The SDK ends the iteration quietly when the request is aborted (by us or the caller).
    if (ctl.signal.aborted && finishReason === null) throw interruption() ?? new APIUserAbortError();
    if (finishReason === null) {
      if (chunks === 0) throw invalid('an empty stream');
      throw new StreamInterrupted('cut');
    }
    const accs = [...tools.entries()].sort((a, b) => a[0] - b[0]).map(([, acc]) => acc);
    if (ask.tools) {
      const toolCalls = toolCallsOf(accs.map((acc) => ({ id: acc.id, ...asToolCall(acc) })));
      return this.finished(content, finishReason, toolCalls, usage);
    }
    const calls = accs.map(asToolCall);
    const extra = calls.length ? toolCallsToContent(calls) : '';
    if (extra) {
      const joined = content.trim() ? `\n\n${extra}` : extra;
      content += joined;
      emit(joined);
    }
    if (!content.trim()) throw new ModelError('bad-response', 'the model returned an empty reply');
    return { content, finishReason, ...(usage ? { usage } : {}) };
  }

  /** A reply to a request that offered tools: its text and its calls, structurally. */
  private finished(
    content: string,
    finishReason: string | null,
    toolCalls: ToolCall[],
    usage: TokenUsage | null,
  ): Completion {
    if (!content.trim() && !toolCalls.length)
      throw new ModelError('bad-response', 'the model returned an empty reply');
    return {
      content,
      finishReason,
      ...(toolCalls.length ? { toolCalls } : {}),
      ...(usage ? { usage } : {}),
    };
  }

  private fromJson(text: string, emit: (text: string) => void, ask: Ask): Completion {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw invalid('not JSON');
    }
    const record = body as {
      error?: { message?: unknown } | string;
      choices?: unknown;
      usage?: unknown;
    } | null;
    if (record && typeof record === 'object' && record.error) {
      const said = typeof record.error === 'string' ? record.error : String(record.error.message ?? '');
      throw new ModelError(
        'server',
        redactedLine(`the model server reported an error: ${said}`, this.apiKey),
      );
    }
    if (!record || !Array.isArray(record.choices) || record.choices.length === 0) throw invalid('no choices');
    const choice = record.choices[0] as {
      message?: { content?: unknown; tool_calls?: ToolCallLike[] };
      finish_reason?: string | null;
    };
    let content = typeof choice.message?.content === 'string' ? choice.message.content : '';
    const calls = Array.isArray(choice.message?.tool_calls) ? choice.message.tool_calls : [];
    const usage = usageOf(record.usage);
    if (ask.tools) {
      const done = this.finished(content, choice.finish_reason ?? null, toolCallsOf(calls), usage);
      if (content) emit(content);
      return done;
    }
    const extra = calls.length ? toolCallsToContent(calls) : '';
    if (extra) content = content.trim() ? `${content}\n\n${extra}` : extra;
    if (!content.trim()) throw new ModelError('bad-response', 'the model returned an empty reply');
    emit(content);
    return { content, finishReason: choice.finish_reason ?? null, ...(usage ? { usage } : {}) };
  }
}

function invalid(what: string): ModelError {
  return new ModelError('bad-response', `the model server sent an invalid response (${what})`);
}

function asToolCall(acc: ToolAcc): ToolCallLike {
  return { type: 'function', function: { name: acc.name, arguments: acc.arguments } };
}
