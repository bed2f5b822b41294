/**
 * The one IPC contract between the renderer and the main process: every invoke channel with
 * its (zod-validated) arguments and its result type, and every event the main process sends.
 * Main, preload, renderer and the end-to-end test bridge all use it. No generic channel
 * passes through: the preload exposes one named method per channel (shared/api.ts).
 */
import { z } from 'zod';
import type { AgentEvent } from '../model/agent/events';
import type { Conversation, ConversationSummary, ModelRef } from '../model/agent/conversation';
import type { CheckResult, CheckVerdict } from '../model/check';
import type { ColumnProfile, DateOrder } from '../model/data/types';
import type { ImageProgress } from '../model/exec/types';
import type { ChartSpec } from '../model/charts/spec';
import type { IsolationReport } from '../model/exec/isolation';
import { REPORT_FORMAT_IDS } from '../model/report-formats';
import { settingsPatchSchema, type Settings } from '../model/settings';

export const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/);
const text = (max: number) => z.string().max(max);

export const exportFormat = z.enum(REPORT_FORMAT_IDS);
export const approvalDecision = z.discriminatedUnion('action', [
  z.object({ action: z.literal('run'), scope: z.enum(['block', 'analysis']).optional() }),
  z.object({ action: z.literal('edit'), code: text(200_000) }),
  z.object({ action: z.literal('reject'), feedback: text(10_000) }),
  z.object({ action: z.literal('setup-docker') }),
  z.object({ action: z.literal('cancel') }),
]);
const baseUrl = z
  .string()
  .url()
  .max(2000)
  .refine((u) => /^https?:\/\//i.test(u), 'the base URL must be http(s)');

export interface AppInfo {
  version: string;
  platform: string;
  dataDir: string;
}

/** A file the user chose (dialog, drop, double-click, recent list): the renderer refers to it by id only. */
export interface GrantedFile {
  fileId: string;
  name: string;
  /** Shown to the user; never sent back to decide what is opened. */
  path: string;
  size: number;
  /**
   * Why this file cannot be analysed, in one line (`sales.csv is empty`), from the quick check
   * made when it was picked; absent when it looks like a table. Such a file is never remembered
   * as recent, and the welcome screen does not start an analysis of it.
   */
  problem?: string;
}

export interface FilePreview {
  fileId: string;
  name: string;
  rows: number;
  columns: ColumnProfile[];
  /** Rows [offset, offset + cells.length) of the first `available` data rows. */
  offset: number;
  cells: string[][];
  available: number;
  readCsv: string;
  warnings: string[];
  /** How each column of numeric dates is written (`05.01.2026` is `dmy`), as the profile decided. */
  dateOrders?: Record<string, DateOrder>;
}

export interface KeyStatus {
  provider: 'openai' | 'compatible';
  hasKey: boolean;
  /** The last 4 characters, or null. The key itself never leaves the main process. */
  hint: string | null;
  storage: 'keychain' | 'session' | 'none';
  /** False when the OS cannot encrypt: keys can then only be kept for this session. */
  encryptionAvailable: boolean;
  /** The only origin (scheme://host:port) the key is ever sent to: the endpoint's when it was saved. */
  origin: string | null;
  /** Whether the key is sent to the endpoint configured now (its origin is the key's). */
  usableHere: boolean;
}

export type ConnectionResult =
  { ok: true; models: string[]; latencyMs: number } | { ok: false; error: string };

export interface SandboxStatus {
  /** The security mode chosen in Settings. */
  mode: Settings['securityMode'];
  /** What `auto` resolves to now; null when nothing can run code (or execution is off). */
  effectiveMode: 'docker' | 'local' | null;
  /** The effective sandbox's isolation was verified by the probe (never from configuration alone). */
  isolated: boolean;
  /** What the probe observed for the effective mode; null while it runs (`verifying`) or when none. */
  isolation: IsolationReport | null;
  verifying: boolean;
  docker: { ok: boolean; detail: string; hint?: string };
  /** `present`: present AND trusted (built, pulled or loaded by Plotwright on this machine). */
  image: {
    tag: string;
    present: boolean;
    preparing: boolean;
    /** False also when absent. */
    trusted?: boolean;
    /** Why it cannot be used (missing, not trusted, or the engine's error) when not `present`. */
    reason?: string;
  };
  local: { python: string | null; bubblewrap: boolean; runner: string; detail: string };
  /** What each mode isolates, in plain words, for the settings page. */
  warnings: string[];
}

export interface Artifact {
  mime: string;
  dataUrl: string;
}

export interface ExportResult {
  exportId: string;
  path: string;
  format: z.infer<typeof exportFormat>;
  /**
   * What the renderer may offer: `open` (with its default application) only for documents that
   * run nothing (HTML, PDF); `reveal` (show in its folder) for the rest. Opening a .py or .ipynb
   * could run it outside any sandbox, so main refuses `exports:open` for them whatever is asked.
   */
  open: boolean;
  reveal: boolean;
}

/** "Check my model": where a running check is (question `index` of `total`, 1-based). */
export interface ModelCheckProgress {
  /** The model being checked (no key). */
  model: ModelRef;
  index: number;
  total: number;
  /** The question being asked now. */
  question: string;
  /** The one just done, when there is one. */
  last?: { question: string; verdict: CheckVerdict };
}

/** How a check that could not finish can be recovered: add a key, fix the endpoint, get a sandbox. */
export type ModelCheckRecovery = 'api-key' | 'endpoint' | 'sandbox' | null;

/** The check of the model configured in Settings: its saved result, and the check running now. */
export interface ModelCheckStatus {
  model: ModelRef;
  /** The last complete check of this model (saved in the app's data folder), or null. */
  saved: CheckResult | null;
  /** A check running now (of this model or another), or null. */
  running: ModelCheckProgress | null;
}

export type ModelCheckEvent =
  | { state: 'running'; progress: ModelCheckProgress }
  /** `result.complete` false: cancelled (not saved). */
  | { state: 'finished'; result: CheckResult }
  | { state: 'failed'; model: ModelRef; error: string; recovery: ModelCheckRecovery };

export type { ChartSpec, CheckResult, Conversation, ConversationSummary, Settings };

/** Invoke channels: arguments (validated in main) and result. */
export const invokeSchemas = {
  'app:info': z.tuple([]),
  'files:choose': z.tuple([]),
  'files:grant-dropped': z.tuple([z.array(z.object({ name: text(1000), path: text(4096) })).max(20)]),
  'files:recent': z.tuple([]),
  'files:of-conversation': z.tuple([id]),
  'files:preview': z.tuple([
    id,
    z.object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(2000) }),
  ]),
  'files:brief': z.tuple([id, z.enum(['schema', 'sample', 'none'])]),
  'conversations:list': z.tuple([]),
  'conversations:get': z.tuple([id]),
  'conversations:start': z.tuple([z.object({ fileId: id, question: text(20_000).optional() })]),
  'conversations:send': z.tuple([id, text(20_000).min(1)]),
  'conversations:cancel': z.tuple([id]),
  /** Retry, Continue, Regenerate the last reply, or go on with the built-in analyst. */
  'conversations:recover': z.tuple([id, z.enum(['retry', 'continue', 'regenerate', 'use-builtin'])]),
  'conversations:approve': z.tuple([
    z.object({
      conversationId: id,
      messageId: id,
      index: z.number().int().min(0),
      decision: approvalDecision,
    }),
  ]),
  'conversations:rename': z.tuple([id, text(200)]),
  'conversations:delete': z.tuple([id]),
  'conversations:artifact': z.tuple([id, text(1000)]),
  'conversations:export': z.tuple([id, exportFormat]),
  'exports:open': z.tuple([id]),
  'exports:reveal': z.tuple([id]),
  'settings:get': z.tuple([]),
  'settings:update': z.tuple([
    settingsPatchSchema,
    /** `never` asking while no sandbox is verified needs the user's explicit confirmation. */
    z.object({ confirmUnsandboxed: z.literal(true) }).optional(),
  ]),
  'secrets:status': z.tuple([]),
  'secrets:set': z.tuple([
    z.object({ key: z.string().min(1).max(1000), sessionOnly: z.boolean().optional() }),
  ]),
  'secrets:clear': z.tuple([]),
  'models:list': z.tuple([z.object({ baseUrl })]),
  'models:test': z.tuple([z.object({ baseUrl, model: text(300).optional() })]),
  /**
   * Checks the model and mode configured in Settings (main decides both, and the key). Resolves
   * once the check has started; refuses (one line) while one runs, or where no sandbox is verified
   * and the user neither chose to run unsandboxed code without asking nor confirms it here.
   */
  'models:check': z.tuple([z.object({ confirmUnsandboxed: z.literal(true) }).optional()]),
  'models:check-cancel': z.tuple([]),
  /** The configured model's saved check, and the check running now. */
  'models:check-status': z.tuple([]),
  /** (refresh: probe again, wait: answer once the isolation probe has a verdict) */
  'sandbox:status': z.tuple([z.boolean().optional(), z.boolean().optional()]),
  'sandbox:prepare': z.tuple([]),
  'sandbox:cancel': z.tuple([]),
  'links:open': z.tuple([z.string().url().max(4000)]),
} as const;

export type InvokeChannel = keyof typeof invokeSchemas;
export type InvokeArgs<C extends InvokeChannel> = z.infer<(typeof invokeSchemas)[C]>;

export interface InvokeResults {
  'app:info': AppInfo;
  'files:choose': GrantedFile | null;
  'files:grant-dropped': GrantedFile[];
  'files:recent': GrantedFile[];
  /** The conversation's data file, when it is still where it was. */
  'files:of-conversation': GrantedFile | null;
  'files:preview': FilePreview;
  'files:brief': string;
  'conversations:list': ConversationSummary[];
  'conversations:get': Conversation;
  'conversations:start': { id: string };
  'conversations:send': void;
  'conversations:cancel': void;
  'conversations:recover': void;
  'conversations:approve': void;
  'conversations:rename': ConversationSummary;
  'conversations:delete': void;
  'conversations:artifact': Artifact;
  'conversations:export': ExportResult | null;
  'exports:open': void;
  'exports:reveal': void;
  'settings:get': Settings;
  'settings:update': Settings;
  'secrets:status': KeyStatus;
  'secrets:set': KeyStatus;
  'secrets:clear': KeyStatus;
  'models:list': string[];
  'models:test': ConnectionResult;
  'models:check': void;
  'models:check-cancel': void;
  'models:check-status': ModelCheckStatus;
  'sandbox:status': SandboxStatus;
  'sandbox:prepare': SandboxStatus;
  'sandbox:cancel': void;
  'links:open': void;
}

/** Events from main to the renderer. */
export interface EventPayloads {
  /** `seq`: the conversation's `seq` once this event is applied (one more than before it). */
  'conversation:event': { conversationId: string; event: AgentEvent; seq: number };
  'conversation:list-changed': { conversations: ConversationSummary[] };
  'sandbox:progress': ImageProgress;
  'sandbox:status': SandboxStatus;
  /** A file opened from outside (double-click, argv, second instance) started a conversation. */
  'app:file-opened': { conversationId: string };
  /** A file opened from outside could not be analysed. */
  'app:error': { message: string };
  /** "Check my model": each question started and done, then the result (or why it stopped). */
  'models:check': ModelCheckEvent;
}

export type EventChannel = keyof EventPayloads;
export const EVENT_CHANNELS: EventChannel[] = [
  'conversation:event',
  'conversation:list-changed',
  'sandbox:progress',
  'sandbox:status',
  'app:file-opened',
  'app:error',
  'models:check',
];

/** Handler implementations of every invoke channel (main process, or the test bridge). */
export type Handlers = { [C in InvokeChannel]: (...args: InvokeArgs<C>) => Promise<InvokeResults[C]> };
