/**
 * Tool calls (tools mode) in exports: a call is shown and replayed as the pandas it amounts to
 * (`tool.equivalentCode`), so notebooks and scripts stay reproducible; the first replayed call
 * loads the data the way the sandbox did. Other blocks export their own code.
 */
import type { BlockRun, Conversation } from '../../model/agent/conversation';
import { visibleCode } from '../../model/exec/visible-output';
import { oneLine } from '../../model/text/one-line';
import { loadOnceCode } from '../tools/code';

/** A tool call's block (with the pandas it amounts to, when the call fitted the data). */
export function isToolCall(block: BlockRun): boolean {
  return block.language === 'tool' && block.tool !== undefined;
}

/** The code an export shows for a block: a call's equivalent pandas, else the block's code. */
export function exportedCode(block: BlockRun): string {
  if (isToolCall(block) && block.tool!.equivalentCode) return block.tool!.equivalentCode;
  return visibleCode(block.code);
}

/** The language an export shows a block's code in (a call's equivalent code is Python). */
export function exportedLanguage(block: BlockRun): 'python' | 'sh' {
  return block.language === 'sh' ? 'sh' : 'python';
}

/** One line saying what a tool call computed, for a heading (backticks dropped, never a line break), or null. */
export function toolTitle(block: BlockRun): string | null {
  if (!isToolCall(block)) return null;
  const summary = block.tool!.summary.replace(/`/g, '').trim();
  return oneLine(summary || `Tool call ${block.tool!.name}`, { lines: 'join', fallback: 'Tool call' });
}

/**
 * The code to replay for each replayed block, in order: the first tool call's code loads the
 * data first (the calls' pandas works on `df` as the sandbox loaded it).
 */
export function replayCode(conversation: Conversation): (block: BlockRun) => string {
  const profile = conversation.file?.profile;
  let loaded = false;
  return (block) => {
    const code = exportedCode(block);
    if (!isToolCall(block) || loaded || !profile) return code;
    loaded = true;
    return `${loadOnceCode(profile)}\n\n${code}`;
  };
}
