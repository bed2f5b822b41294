/**
 * The conversation: what is shown, saved, reopened and exported. Plain data (JSON), shared by
 * the engine, the stores, the reports and the renderer.
 */
import type { AnswerTrace } from '../answer/types';
import { DEFAULTS } from '../defaults';
import type { FileProfile, PrivacyLevel } from '../data/types';
import type { IsolationReport } from '../exec/isolation';
import type { ExecLanguage, ExecMode, ExecResult, ResolvedMode } from '../exec/types';
import type { ModelErrorKind, TokenUsage } from '../llm/types';

export type ApprovalMode = 'never' | 'always' | 'unsandboxed';
export type StopReason = 'terminated' | 'max-turns' | 'error' | 'cancelled';

export type BlockStatus =
  | 'queued'
  | 'awaiting-approval'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'timed-out'
  | 'rejected'
  | 'cancelled'
  /** Execution is off, or an earlier block of the message failed. */
  | 'not-run';

/** A tool call of tools mode, as its block shows and exports it. */
export interface BlockTool {
  /** The tool's name ("aggregate"). */
  name: string;
  /** The API's call id its result answers; null for a call the model printed as JSON text. */
  callId: string | null;
  /** What the call computes, one line of Markdown (empty when the call did not fit the data). */
  summary: string;
  /** The readable pandas the call amounts to, for exports (empty when the call did not fit the data). */
  equivalentCode: string;
}

/** One runnable code block (or, in tools mode, tool call) of an assistant message, and what became of it. */
export interface BlockRun {
  /** Position among the message's runnable blocks. */
  index: number;
  /** Where the block is in the message text (character offsets), for rendering it in place. */
  start?: number;
  end?: number;
  /** `tool`: a tool call (tools mode); `code` is then the call as JSON text and `tool` says what it is. */
  language: ExecLanguage | 'tool';
  /** The code that ran (after Edit & run) or would run. */
  code: string;
  /** Tool calls only. */
  tool?: BlockTool;
  /** Code a model wrote in tools mode: shown, never run (not by Continue, Retry or another model). */
  shownOnly?: boolean;
  /** The model's code, when the user edited it before running. */
  proposed?: string;
  status: BlockStatus;
  /** Live output while running. */
  output?: string;
  result?: ExecResult;
  /** Why the user rejected it (this goes to the model). */
  feedback?: string;
  startedAt?: string;
  endedAt?: string;
}

interface MessageBase {
  id: string;
  /** ISO time. */
  at: string;
  content: string;
}

export interface UserMessage extends MessageBase {
  role: 'user';
}

export interface AssistantMessage extends MessageBase {
  role: 'assistant';
  /** True while tokens are still arriving. */
  streaming?: boolean;
  /** The reply was cut short (Stop, or the model failed mid-stream): Continue writes it again. */
  interrupted?: boolean;
  /** How many times the user had this reply written anew (Regenerate); the earlier ones are dropped. */
  regenerated?: number;
  /** The model printed a tool call as JSON or forgot the fence; its code was taken as a python block. */
  recovered?: 'tool-call' | 'unfenced';
  /**
   * Who wrote it: the built-in analyst or a model (absent in conversations saved before this). The
   * built-in analyst replays only its own replies and their results (agent/prompt.ts).
   */
  by?: 'builtin' | 'openai-compatible';
  blocks: BlockRun[];
  /** Tokens the reply used, when the endpoint reported them (the model check adds them up). */
  usage?: TokenUsage;
}

/** The executor's reply (AutoGen format), sent back to the model as a user message. */
export interface ExecutionMessage extends MessageBase {
  role: 'execution';
  exitCode: number;
  /** The assistant message whose code this answers. */
  replyTo: string;
}

/** What the user can do about a run that stopped; the engine's recovery actions (engine.ts). */
export type RecoveryAction = 'retry' | 'continue' | 'use-builtin';
/** A button on a notice: a recovery action, or opening the model's settings (renderer only). */
export type NoticeAction = RecoveryAction | 'open-settings';
/**
 * What a notice is about: a model failure (llm's ModelErrorKind), the code's session, a stop by
 * the user, the turn limit, or anything else.
 */
export type NoticeKind =
  Exclude<ModelErrorKind, 'cancelled'> | 'execution' | 'stopped' | 'max-turns' | 'other';

/** Shown to the user, never sent to the model: errors, cancellations, warnings. */
export interface NoticeMessage extends MessageBase {
  role: 'notice';
  level: 'info' | 'warning' | 'error';
  /** What it is about (absent in conversations saved before notices were structured). */
  kind?: NoticeKind;
  /** What the user can do about it, offered while it is the latest run's (absent: nothing). */
  actions?: NoticeAction[];
}

/** The model asked to wait (429 with Retry-After, or a backoff between attempts): shown as a countdown. */
export interface ModelWait {
  /** The assistant message being written. */
  id: string;
  /** ISO time the next attempt starts. */
  until: string;
  reason: 'rate-limit' | 'retry';
  /** Who asked to wait, e.g. "api.openai.com" (null: the built-in analyst or unknown). */
  host: string | null;
}

export type Message = UserMessage | AssistantMessage | ExecutionMessage | NoticeMessage;

export interface ConversationFile {
  name: string;
  /** The user's original file; never opened for writing. */
  originalPath: string;
  sha256: string;
  size: number;
  rows: number;
  columns: number;
  /** What was understood about the file (encoding, delimiter, column types, first rows). */
  profile?: FileProfile;
}

export type ModelRef =
  | { kind: 'builtin'; label: string }
  | { kind: 'openai-compatible'; baseUrl: string; model: string; label: string };

export interface ConversationSettings {
  mode: ExecMode;
  approval: ApprovalMode;
  /**
   * `off`: code is shown, never run. `tools`: the model's code is never run; it calls vetted
   * analysis tools whose reviewed templates run in the sandbox (tools mode).
   */
  execution: 'on' | 'off' | 'tools';
  /** Maximum consecutive automatic replies. */
  maxTurns: number;
  privacy: PrivacyLevel;
  timeoutMs: number;
  memoryMb: number;
  /** What the code may write (absent in conversations saved before there was a limit: the default). */
  diskMb?: number;
}

export const DEFAULT_CONVERSATION_SETTINGS: ConversationSettings = {
  mode: 'auto',
  approval: 'unsandboxed',
  execution: 'on',
  maxTurns: DEFAULTS.maxTurns,
  privacy: 'sample',
  timeoutMs: DEFAULTS.timeoutSeconds * 1000,
  memoryMb: DEFAULTS.memoryMb,
};

/** Where the code ran, for the UI and the report's provenance. */
export interface ExecutionInfo {
  mode: ResolvedMode;
  description: string;
  warnings: string[];
  python?: string;
  /** The interpreter that ran the code (inside the sandbox). */
  executable?: string;
  packages: Record<string, string>;
  /** What the isolation probe observed inside the sandbox (absent in older conversations). */
  isolation?: IsolationReport;
}

export type ConversationStatus = 'idle' | 'running' | 'awaiting-approval' | 'finished';

export interface Conversation {
  version: 1;
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  file: ConversationFile | null;
  model: ModelRef;
  settings: ConversationSettings;
  messages: Message[];
  status: ConversationStatus;
  stopReason: StopReason | null;
  /** One line, when the conversation stopped on an error. */
  error: string | null;
  /** Assistant replies in the current run. */
  turns: number;
  /** How many events have been applied: lets a live view tell which events it already has. */
  seq?: number;
  execution: ExecutionInfo | null;
  /**
   * The latest run's traced answer (answer/): its text, whether it answered, every number it
   * states and where it came from. Null while a run goes on; absent in older conversations.
   */
  answer?: AnswerTrace | null;
  /** Every run's traced answer by its final message's id, so earlier answers keep their marks. */
  answers?: Record<string, AnswerTrace>;
  /** The model is waiting before its next attempt (live only; cleared by anything that follows). */
  waiting?: ModelWait | null;
}

/** A conversation as the sidebar lists it. */
export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  fileName: string | null;
  status: ConversationStatus;
  stopReason: StopReason | null;
  /** The one line it stopped on, when it failed (absent in summaries saved before it was kept). */
  error?: string | null;
}
