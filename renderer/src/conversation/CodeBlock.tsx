// A runnable block shown in place of its fence: language, code, status, output, media, approval.
// Code holding hidden characters (bidi controls, terminal escapes) says so; CodeView draws them.
// A tool call (tools mode) is shown as one (ToolBlock.tsx).
import { memo, useState } from 'react';
import type { BlockRun } from '../../../electron/model/agent/conversation';
import { visibleCode } from '../../../electron/model/exec/visible-output';
import { hasInvisibles } from '../../../electron/model/text/visible';
import { Icon } from '../shared/icons';
import { ApprovalBar } from './ApprovalBar';
import { BlockMedia } from './BlockMedia';
import { BlockOutput } from './BlockOutput';
import { BlockStatusChip } from './BlockStatus';
import { CodeView, CopyButton } from './CodeView';
import { useConversationContext } from './context';
import { ToolBlock } from './ToolBlock';
import { RejectedNote } from './RejectedNote';

const LANGUAGE_LABEL = { python: 'Python', sh: 'Shell' } as const;
/** Longer code is folded to its first lines until asked for (Copy always copies all of it). */
const FOLD_ABOVE = 30;
const FOLDED_LINES = 18;

/** A block left waiting or running by a run that has ended (cancelled, failed) did not run. */
function settled(block: BlockRun, busy: boolean): BlockRun {
  const open =
    block.status === 'awaiting-approval' || block.status === 'queued' || block.status === 'running';
  return open && !busy ? { ...block, status: 'cancelled' } : block;
}

export const CodeBlock = memo(function CodeBlock(props: { block: BlockRun; messageId: string }) {
  const { busy } = useConversationContext();
  const block = settled(props.block, busy);
  return block.language === 'tool' ? (
    <ToolBlock block={block} messageId={props.messageId} />
  ) : (
    <CodeRun block={{ ...block, language: block.language }} messageId={props.messageId} />
  );
});

function CodeRun({
  block,
  messageId,
}: {
  block: BlockRun & { language: 'python' | 'sh' };
  messageId: string;
}) {
  const { stop, settings } = useConversationContext();
  const [unfolded, setUnfolded] = useState(false);
  // code saved before the helper prelude: shown as today's code reads (no helper import)
  const code = visibleCode(block.code);
  const lines = code.split('\n');
  // code waiting for the user's decision is shown whole (in a scroll box): they approve all of it
  const folded = !unfolded && lines.length > FOLD_ABOVE && block.status !== 'awaiting-approval';
  return (
    <div
      role="group"
      className={`code-block runnable status-${block.status}`}
      aria-label={`${LANGUAGE_LABEL[block.language]} code block ${block.index + 1}`}
    >
      <div className="code-head">
        <span className="code-lang">{LANGUAGE_LABEL[block.language]}</span>
        <BlockStatusChip block={block} />
        {block.proposed !== undefined && <span className="chip">Edited by you</span>}
        {hasInvisibles(code) && (
          <span
            className="chip chip-warning"
            title="This code holds invisible or control characters (such as bidirectional overrides) that can make it look different from what runs. They are shown as escapes like \u202e."
          >
            Hidden characters
          </span>
        )}
        <span className="code-head-spacer" />
        {block.status === 'running' && (
          <button type="button" className="btn btn-small btn-danger" onClick={stop}>
            <Icon name="stop" size={12} /> Stop
          </button>
        )}
        <CopyButton text={code} />
      </div>
      <CodeView code={folded ? lines.slice(0, FOLDED_LINES).join('\n') : code} language={block.language} />
      {folded && (
        <div className="code-fold">
          <span className="faint">{lines.length - FOLDED_LINES} more lines</span>
          <button type="button" className="btn btn-small" onClick={() => setUnfolded(true)}>
            Show all {lines.length} lines of code
          </button>
        </div>
      )}
      {block.proposed !== undefined && (
        <details className="code-proposed">
          {/* a tool call the user edited into Python: its original is the call, as JSON */}
          <summary>{block.tool ? 'The analyst’s original tool call' : 'The analyst’s original code'}</summary>
          <CodeView code={visibleCode(block.proposed)} language={block.tool ? 'json' : block.language} />
        </details>
      )}
      {block.status === 'awaiting-approval' && <ApprovalBar block={block} messageId={messageId} />}
      {block.status === 'rejected' && <RejectedNote what="code" feedback={block.feedback} />}
      {block.status === 'not-run' && (
        <p className="block-note faint">
          {settings?.execution === 'tools'
            ? 'Tools mode: code from the model is not run.'
            : 'Not run: execution is off, or an earlier block of this message failed.'}
        </p>
      )}
      <BlockOutput block={block} messageId={messageId} />
      {block.result && <BlockMedia result={block.result} />}
    </div>
  );
}
