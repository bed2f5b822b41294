/** What every report renderer is given: the conversation, where its files are, and when. */
import type { Conversation } from '../../model/agent/conversation';

export interface ReportContext {
  conversation: Conversation;
  /** The conversation's workspace: figures are read from here by their relative names. */
  workspaceDir: string;
  /** Defaults to now. */
  generatedAt?: Date;
}
