// What a block printed: collapsible, long output cut to head + tail with "Show all". Terminal
// escapes, bidi controls and line-overwriting CRs are drawn as escapes (Copy copies the output).
import { useId, useState } from 'react';
import type { BlockRun } from '../../../electron/core/agent/model';
import { formatBytes, plural } from '../shared/format';
import { Icon } from '../shared/icons';
import { Visible } from '../shared/Visible';
import { cutOutput } from './blocks';
import { CopyButton } from './CodeView';

export function BlockOutput({ block }: { block: BlockRun }) {
  const [open, setOpen] = useState(true);
  const [all, setAll] = useState(false);
  const bodyId = useId();
  const text = block.result?.output ?? block.output ?? '';
  const omitted = block.result?.omittedBytes ?? 0;
  const stateLost = block.result?.stateLost ?? false;
  if (!text && !omitted && !stateLost) {
    if (block.result && block.status !== 'running') {
      return <div className="block-output-empty faint">No output.</div>;
    }
    return null;
  }
  const cut = cutOutput(text);
  const failed = block.status === 'failed' || block.status === 'timed-out';
  return (
    <div className={`block-output ${failed ? 'failed' : ''}`}>
      <div className="block-output-head">
        <button
          type="button"
          className="block-output-toggle"
          aria-expanded={open}
          aria-controls={open ? bodyId : undefined}
          onClick={() => setOpen((o) => !o)}
        >
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
          Output
          <span className="faint">{plural(cut.totalLines, 'line')}</span>
        </button>
        <span className="code-head-spacer" />
        {open && text && <CopyButton text={text} label="Copy output" />}
      </div>
      {open && (
        <div id={bodyId} className="block-output-body">
          {cut.hiddenLines > 0 && !all ? (
            <>
              <pre className="output" tabIndex={0}>
                <Visible text={cut.head} />
              </pre>
              <div className="output-cut">
                <span className="faint">{plural(cut.hiddenLines, 'line')} hidden</span>
                <button type="button" className="btn btn-small" onClick={() => setAll(true)}>
                  Show all {cut.totalLines} lines
                </button>
              </div>
              <pre className="output" tabIndex={0}>
                <Visible text={cut.tail} />
              </pre>
            </>
          ) : (
            text && (
              <pre className="output" tabIndex={0}>
                <Visible text={text} />
              </pre>
            )
          )}
          {omitted > 0 && (
            <p className="output-note faint">
              {formatBytes(omitted)} of output were left out in the middle (only the beginning and the end are
              kept).
            </p>
          )}
          {stateLost && (
            <p className="output-note warning-text">
              The Python session was restarted: variables from earlier blocks were lost.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
