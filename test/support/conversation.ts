// A small, valid conversation for tests of the engine's pieces, stores and reports.
import { DEFAULT_CONVERSATION_SETTINGS, type Conversation } from '../../electron/model/agent/conversation';

export function blankConversation(id = 'c-test', at = '2026-11-26T09:00:00.000Z'): Conversation {
  return {
    version: 1,
    id,
    title: 'sales.csv: revenue by region',
    createdAt: at,
    updatedAt: at,
    file: {
      name: 'sales.csv',
      originalPath: '/data/sales.csv',
      sha256: 'ab'.repeat(32),
      size: 403,
      rows: 10,
      columns: 5,
    },
    model: { kind: 'builtin', label: 'built-in analyst' },
    settings: { ...DEFAULT_CONVERSATION_SETTINGS },
    messages: [],
    status: 'idle',
    stopReason: null,
    error: null,
    turns: 0,
    execution: null,
  };
}
