// What the code waiting for approval touches, in plain words (approval-summary.ts): the files it
// reads and writes, what it deletes, the programs it starts, the network, its limits.
import { useMemo } from 'react';
import { approvalSummary } from '../../../electron/model/agent/approval-summary';
import { DEFAULT_CONVERSATION_SETTINGS, type BlockRun } from '../../../electron/model/agent/conversation';
import { useConversationContext } from './context';
import './recovery.css';

export function ApprovalSummary({ block }: { block: BlockRun }) {
  const { execution, settings } = useConversationContext();
  const isolation = execution?.isolation ?? null;
  const timeoutMs = settings?.timeoutMs ?? DEFAULT_CONVERSATION_SETTINGS.timeoutMs;
  const memoryMb = settings?.memoryMb ?? DEFAULT_CONVERSATION_SETTINGS.memoryMb;
  // a tool call (tools mode) is summarised by the pandas it amounts to
  const tool = block.language === 'tool';
  const code = tool ? block.tool?.equivalentCode || block.code : block.code;
  const language = block.language === 'tool' ? 'python' : block.language;
  const summary = useMemo(
    () => approvalSummary({ code, language, isolation, timeoutMs, memoryMb }),
    [code, language, isolation, timeoutMs, memoryMb],
  );
  return (
    <dl className="approval-summary" aria-label="What this code does">
      {summary.lines.map((line) => (
        <div key={line.label} style={{ display: 'contents' }}>
          <dt>{line.label}</dt>
          <dd className={`tone-${line.tone}`}>{line.text}</dd>
        </div>
      ))}
    </dl>
  );
}
