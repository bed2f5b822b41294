/**
 * The model port: anything that can play the assistant — an OpenAI-compatible endpoint or
 * the offline built-in analyst. The conversation engine only ever talks to this.
 */
/** A JSON Schema (the subset tool definitions use). */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  description?: string;
  enum?: readonly (string | number)[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  additionalProperties?: boolean;
}

/** One entry of the `tools` array of an OpenAI chat completion request (tools mode). */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: JsonSchema };
}

/** A tool call the model made: `arguments` is the JSON text the API sent (untrusted, maybe invalid). */
export interface ToolCall {
  /** The API's call id (tool messages answer it); generated when the server sent none. */
  id: string;
  name: string;
  arguments: string;
}

/** Tokens a completion used, as the endpoint reported them. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Assistant only: the tool calls the model made in this reply (tools mode). */
  toolCalls?: ToolCall[];
  /** Tool only: the call this message is the result of. */
  toolCallId?: string;
  /**
   * Execution results only (a `user` message in AutoGen format): the figures the executed code
   * handed over out of band with `record_result(step, data)`, in order. Read by the built-in analyst;
   * never sent to a model endpoint (adapters send `role`, `content` and the tool fields only). Untrusted: validate.
   */
  results?: Record<string, unknown>[];
}

export interface ModelInfo {
  kind: 'builtin' | 'openai-compatible';
  /** Model name as the endpoint knows it ("gpt-4o-mini", "llama3.1"), or "built-in analyst". */
  model: string;
  /** Base URL, or null for the built-in analyst. Never contains credentials. */
  endpoint: string | null;
  /** Context window in tokens, for trimming what goes back to the model. */
  contextTokens: number;
}

export interface CompletionOptions {
  signal?: AbortSignal;
  /** Streamed text as it arrives (may be called many times). */
  onToken?: (text: string) => void;
  /**
   * Called before a retry that follows streamed tokens (the stream was cut or stalled): the text
   * received so far through `onToken` must be discarded, the reply starts again from scratch.
   */
  onRestart?: () => void;
  /**
   * Called before the model waits to try again (a 429 with Retry-After, or a backoff after a
   * retryable failure): how long, and why, so the user sees a countdown rather than nothing.
   */
  onWait?: (wait: { delayMs: number; reason: 'rate-limit' | 'retry'; attempt: number }) => void;
  /** Tools the model may call (tools mode); absent: none are offered. */
  tools?: ToolDefinition[];
}

export interface Completion {
  content: string;
  finishReason?: string | null;
  /** The tool calls of the reply, when tools were offered and the model called some. */
  toolCalls?: ToolCall[];
  /** Tokens used, when the endpoint reported them (null/absent: unknown). */
  usage?: TokenUsage | null;
}

export interface ChatModel {
  readonly info: ModelInfo;
  complete(messages: ChatMessage[], options?: CompletionOptions): Promise<Completion>;
  /**
   * The assistant's own verdict, once the run has ended, on whether its final answer answers the
   * question (null: no opinion). Models that cannot tell leave it out.
   */
  answered?(messages: ChatMessage[]): boolean | null;
}

export type ModelErrorKind =
  | 'auth'
  | 'not-found'
  | 'connection'
  | 'rate-limit'
  | 'server'
  | 'timeout'
  | 'stream-cut'
  | 'bad-response'
  | 'cancelled';

/** A model failure as one clear line (never a stack trace), with what kind it was. */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
