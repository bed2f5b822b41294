/**
 * Starting points: a new conversation on a file (profiled first), and the model that plays
 * the assistant for it.
 */
import os from 'node:os';
import path from 'node:path';
import { BuiltinAnalyst } from '../analyst/builtin';
import { profileFile } from '../data/profile';
import type { FileProfile } from '../../model/data/types';
import { OpenAICompatibleModel } from '../llm/openai';
import type { ChatModel } from '../../model/llm/types';
import { newId } from './engine';
import {
  DEFAULT_CONVERSATION_SETTINGS,
  type Conversation,
  type ConversationSettings,
  type ModelRef,
} from '../../model/agent/conversation';
import type { ConversationStore } from './store';
import { hostOf } from '../../model/agent/recovery';

export interface NewConversation {
  /** The user's data file, or null for a conversation without one. */
  file: string | null;
  /** The file's profile when it is already known (the desktop's FileGrants): the file is then not read again. */
  profile?: FileProfile;
  model: ModelRef;
  question?: string;
  settings?: Partial<ConversationSettings>;
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, total: number) => void;
  now?: Date;
}

export function titleFor(fileName: string | null, question: string | undefined): string {
  const q = question?.trim().replace(/\s+/g, ' ');
  const base = fileName ? (q ? `${fileName}: ${q}` : `Analysis of ${fileName}`) : q || 'New analysis';
  return base.length > 80 ? `${base.slice(0, 79)}…` : base;
}

/**
 * pandas needs several times a CSV's size in memory (strings become Python objects): the
 * default limit grows with the file, up to 60% of this computer's memory.
 */
export function memoryFor(fileBytes: number, totalBytes = os.totalmem()): number {
  const mb = (n: number) => Math.floor(n / (1024 * 1024));
  return Math.max(DEFAULT_CONVERSATION_SETTINGS.memoryMb, Math.min(mb(fileBytes) * 6, mb(totalBytes * 0.6)));
}

/**
 * Saves a new conversation on a file, profiled here (one streaming read; nothing is written next
 * to it) unless its profile is given.
 */
export async function createConversation(
  store: ConversationStore,
  input: NewConversation,
): Promise<Conversation> {
  let profile: FileProfile | null = input.profile ?? null;
  if (!profile && input.file)
    profile = await profileFile(path.resolve(input.file), {
      signal: input.signal,
      onProgress: input.onProgress,
    });
  const at = (input.now ?? new Date()).toISOString();
  const conversation: Conversation = {
    version: 1,
    id: newId('c'),
    title: titleFor(profile?.name ?? null, input.question),
    createdAt: at,
    updatedAt: at,
    file: profile
      ? {
          name: profile.name,
          originalPath: profile.path,
          sha256: profile.sha256,
          size: profile.size,
          rows: profile.rows,
          columns: profile.columns.length,
          profile,
        }
      : null,
    model: input.model,
    settings: {
      ...DEFAULT_CONVERSATION_SETTINGS,
      // computed once: not when the caller chose the memory (the desktop's conversationSettings)
      memoryMb: input.settings?.memoryMb ?? memoryFor(profile?.size ?? 0),
      ...input.settings,
    },
    messages: [],
    status: 'idle',
    stopReason: null,
    error: null,
    turns: 0,
    execution: null,
  };
  await store.save(conversation);
  return conversation;
}

export interface ModelOptions {
  /**
   * For OpenAI-compatible endpoints; sent only in the Authorization header. A function is asked
   * before each reply, so a key saved (or removed) while the conversation is open takes effect.
   */
  apiKey?: string | (() => string | undefined);
  profile: FileProfile | null;
  question?: string;
}

/** The assistant for a conversation: the offline analyst, or a model behind an OpenAI-compatible API. */
export function createModel(ref: ModelRef, options: ModelOptions): ChatModel {
  if (ref.kind === 'builtin') {
    if (!options.profile) throw new Error('the built-in analyst needs a data file to analyse');
    return new BuiltinAnalyst({ profile: options.profile, question: options.question });
  }
  const { apiKey } = options;
  const make = (key: string | undefined) =>
    new OpenAICompatibleModel({ baseUrl: ref.baseUrl, model: ref.model, apiKey: key });
  if (typeof apiKey !== 'function') return make(apiKey);
  let key = apiKey();
  let model = make(key);
  return {
    info: model.info,
    complete(messages, completionOptions) {
      const current = apiKey();
      if (current !== key) [key, model] = [current, make(current)];
      return model.complete(messages, completionOptions);
    },
  };
}

export const BUILTIN_MODEL: ModelRef = { kind: 'builtin', label: 'built-in analyst' };

export function openAIModelRef(baseUrl: string, model: string): ModelRef {
  // the host only: never the URL's credentials, nor an unparsable URL's text
  const host = hostOf(baseUrl) ?? 'an invalid base URL';
  return { kind: 'openai-compatible', baseUrl, model, label: `${model} at ${host}` };
}
