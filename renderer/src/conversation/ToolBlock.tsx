// A tool call of tools mode, shown in place like an execution: what the call computes (its
// summary, one line of Markdown), the tool's name and status, its output and charts. The
// equivalent pandas is there on demand, and the call itself as the JSON it is (never as Python).
import { memo, useId, useState } from 'react';
import type { BlockRun } from '../../../electron/model/agent/conversation';
import { Icon } from '../shared/icons';
import { ApprovalBar } from './ApprovalBar';
import { BlockMedia } from './BlockMedia';
import { BlockOutput } from './BlockOutput';
import { BlockStatusChip } from './BlockStatus';
import { CodeView, CopyButton, StaticCode } from './CodeView';
import { useConversationContext } from './context';
import { Markdown, type Fence } from './Markdown';
import './tool-block.css';
import { RejectedNote } from './RejectedNote';

const staticFence = (fence: Fence) => <StaticCode code={fence.code} language={fence.language} />;

export const ToolBlock = memo(function ToolBlock({
  block,
  messageId,
}: {
  block: BlockRun;
  messageId: string;
}) {
  const { stop } = useConversationContext();
  const [showCode, setShowCode] = useState(false);
  const codeId = useId();
  const name = block.tool?.name || 'tool';
  const summary = block.tool?.summary ?? '';
  const pandas = block.tool?.equivalentCode ?? '';
  // what the user approves, edits or is asked about is the readable pandas of the call
  const asCode: BlockRun = pandas ? { ...block, language: 'python', code: pandas } : block;
  return (
    <div
      role="group"
      className={`code-block runnable tool-block status-${block.status}`}
      aria-label={`Tool call ${block.index + 1}: ${name}`}
    >
      <div className="code-head">
        <span className="code-lang">
          Tool · <code>{name}</code>
        </span>
        <BlockStatusChip block={block} />
        <span className="code-head-spacer" />
        {block.status === 'running' && (
          <button type="button" className="btn btn-small btn-danger" onClick={stop}>
            <Icon name="stop" size={12} /> Stop
          </button>
        )}
      </div>
      <div className="tool-summary">
        {summary ? (
          <Markdown content={summary} renderCode={staticFence} />
        ) : (
          <p className="faint">This call does not fit the data{block.output ? ': see below' : ''}.</p>
        )}
      </div>
      <div className="tool-actions">
        {pandas && (
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={showCode}
            aria-controls={showCode ? codeId : undefined}
            onClick={() => setShowCode(!showCode)}
          >
            {showCode ? 'Hide the equivalent pandas' : 'Show the equivalent pandas'}
          </button>
        )}
        <details className="tool-call">
          <summary>The call as the model made it</summary>
          <CodeView code={block.code} language="json" />
        </details>
      </div>
      {pandas && showCode && (
        <div id={codeId} className="tool-pandas">
          <div className="code-head">
            <span className="code-lang">Equivalent pandas</span>
            <span className="code-head-spacer" />
            <CopyButton text={pandas} />
          </div>
          <CodeView code={pandas} language="python" />
        </div>
      )}
      {block.status === 'awaiting-approval' && <ApprovalBar block={asCode} messageId={messageId} />}
      {block.status === 'rejected' && <RejectedNote what="call" feedback={block.feedback} />}
      {block.status === 'not-run' && (
        <p className="block-note faint">Not run: tool calls run only in tools mode.</p>
      )}
      <BlockOutput block={block} messageId={messageId} />
      {block.result && <BlockMedia result={block.result} />}
    </div>
  );
});
