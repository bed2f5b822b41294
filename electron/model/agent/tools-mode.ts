/**
 * Tools mode: the model never has code executed; it calls vetted analysis tools whose reviewed
 * templates run in the sandbox. It applies to models only: the built-in analyst's own code is
 * made of those same templates, so it runs as it always does.
 */
import type { BlockRun, Conversation } from './conversation';

/** True when this conversation's model works through tools (its code never runs). */
export function usesTools(conv: Pick<Conversation, 'settings' | 'model'>): boolean {
  return conv.settings.execution === 'tools' && conv.model.kind !== 'builtin';
}

/** A block that is a tool call (tools mode), as opposed to a code block. */
export function isToolBlock(block: Pick<BlockRun, 'language' | 'tool'>): boolean {
  return block.language === 'tool' && block.tool !== undefined;
}
