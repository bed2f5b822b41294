/**
 * Opening a conversation's run: its model (createModel), the data brief the model may see
 * (dataBrief at the conversation's privacy level) and the ConversationRun over them. The one
 * wiring the desktop app, the CLI and the benches share; with the question a run starts with
 * when the user asked none.
 */
import type { Conversation } from '../../model/agent/conversation';
import { dataBrief } from '../data/privacy';
import { ConversationRun, type EngineDeps } from './engine';
import { createModel } from './service';
import { usesTools } from '../../model/agent/tools-mode';

export interface OpenRunOptions {
  /**
   * The API key for an endpoint: asked before each reply, and only for the origin of the
   * conversation's own endpoint (so a key saved or removed while it is open takes effect).
   */
  apiKey?: (baseUrl: string) => string | undefined;
  /** The user's question, for the built-in analyst to plan its analysis by. */
  question?: string;
}

/** The run of a saved conversation, with the model its ModelRef names. */
export function openConversationRun(
  deps: EngineDeps,
  conversation: Conversation,
  options: OpenRunOptions = {},
): ConversationRun {
  const profile = conversation.file?.profile ?? null;
  const ref = conversation.model;
  const { apiKey } = options;
  const model = createModel(ref, {
    apiKey: ref.kind === 'builtin' || !apiKey ? undefined : () => apiKey(ref.baseUrl),
    profile,
    question: options.question,
  });
  return new ConversationRun(deps, conversation, {
    model,
    dataBrief: profile
      ? dataBrief(profile, conversation.settings.privacy, { tools: usesTools(conversation) })
      : null,
  });
}

/** What a new conversation asks first: the user's question, or a general analysis of the file. */
export function firstQuestion(fileName: string, question?: string): string {
  return question?.trim() || `Analyse ${fileName}: describe the data and its most important figures.`;
}
