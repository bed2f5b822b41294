import { createContext, useContext } from 'react';

export interface ConversationContextValue {
  conversationId: string;
  /** A run is going on (the model is writing, code is running or waiting for approval). */
  busy: boolean;
  stop: () => void;
}

export const ConversationContext = createContext<ConversationContextValue>({
  conversationId: '',
  busy: false,
  stop: () => undefined,
});

export const useConversationContext = () => useContext(ConversationContext);
