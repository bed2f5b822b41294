import { createContext, useContext } from 'react';
import {
  DEFAULT_CONVERSATION_SETTINGS,
  type ConversationSettings,
  type ExecutionInfo,
} from '../../../electron/model/agent/conversation';

export interface ConversationContextValue {
  conversationId: string;
  /** A run is going on (the model is writing, code is running or waiting for approval). */
  busy: boolean;
  stop: () => void;
  /** Where the conversation's code runs, and what its isolation probe observed (null until opened). */
  execution: ExecutionInfo | null;
  /** The security mode the conversation was started with. */
  mode: ConversationSettings['mode'];
  /** The conversation's settings (time limit, memory) for the approval summary; absent: defaults. */
  settings?: ConversationSettings;
  /** The notice whose actions (Retry, Continue, …) are offered now (recovery.ts liveNotice). */
  liveNoticeId?: string | null;
  /** The model asked to wait (rate limit, backoff): the run footer counts down, the reply shows no dots. */
  waiting?: boolean;
}

export const ConversationContext = createContext<ConversationContextValue>({
  conversationId: '',
  busy: false,
  stop: () => undefined,
  execution: null,
  mode: DEFAULT_CONVERSATION_SETTINGS.mode,
  liveNoticeId: null,
});

export const useConversationContext = () => useContext(ConversationContext);
