// Which streamed events a loaded conversation still needs (pure: tested without a DOM).
import { reduce, type AgentEvent } from '../../../electron/model/agent/events';
import type { Conversation } from '../../../electron/model/agent/conversation';

export interface Numbered {
  event: AgentEvent;
  /** The conversation's seq once this event is applied. */
  seq: number;
}

/**
 * Events can reach the page before or after the snapshot that already holds them (IPC does not
 * order replies and events). Every event carries the conversation's sequence number after it, so
 * exactly the ones after the snapshot are applied, in order; a gap means events were missed and
 * the conversation is loaded again.
 */
export function fold(c: Conversation, events: Numbered[]): { conversation: Conversation; gap: boolean } {
  let conversation = c;
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    const have = conversation.seq ?? 0;
    if (e.seq <= have) continue;
    if (e.seq > have + 1) return { conversation, gap: true };
    conversation = { ...reduce(conversation, e.event), seq: e.seq };
  }
  return { conversation, gap: false };
}
