// What a block printed: collapsible; a long output shows its first lines and "Show all" opens it
// in place (no scroll box inside the log). Old machine lines are never shown (output-view.ts). Terminal
// escapes, bidi controls and line-overwriting CRs are drawn as escapes (Copy copies the output).
// A line an answer's claim points to is shown opened, whole and highlighted (focus.ts).
import { useEffect, useId, useMemo, useRef, useState, type Ref } from 'react';
import type { BlockRun } from '../../../electron/model/agent/conversation';
import { visibleOutput } from '../../../electron/model/exec/visible-output';
import { formatCount } from '../shared/format';
import { Icon } from '../shared/icons';
import { Visible } from '../shared/Visible';
import { CopyButton } from './CodeView';
import { useOutputFocus } from './focus';
import { outputView, PREVIEW_ABOVE, shownLine } from './output-view';
import { inLogView, revealLine } from './reveal';
import { formatBytes } from '../../../electron/model/text/bytes';
import { plural } from '../../../electron/model/text/plural';

/** The output with one line highlighted (and focusable, so the reader lands on it). */
function FocusedText({ text, line, lineRef }: { text: string; line: number; lineRef: Ref<HTMLSpanElement> }) {
  const lines = text.split('\n');
  if (line > lines.length) return <Visible text={text} />;
  const before = lines.slice(0, line - 1).join('\n');
  const after = lines.slice(line).join('\n');
  return (
    <>
      {line > 1 && <Visible text={`${before}\n`} />}
      <span ref={lineRef} className="output-line-focus" tabIndex={-1} data-line={line}>
        <Visible text={lines[line - 1]!} />
      </span>
      {line < lines.length && <Visible text={`\n${after}`} />}
    </>
  );
}

export function BlockOutput({ block, messageId }: { block: BlockRun; messageId?: string }) {
  const [open, setOpen] = useState(true);
  const [all, setAll] = useState(false);
  const bodyId = useId();
  const focus = useOutputFocus();
  const t = focus.target;
  const target = t && messageId && t.messageId === messageId && t.index === block.index ? t : null;
  const pending = target !== null && focus.pending(target.seq);
  const lineRef = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!target || !pending) return;
    setOpen(true);
    setAll(true);
    // the list may still move rows as it measures them: settle over a few frames
    let frames = 0;
    let raf = 0;
    const step = () => {
      const el = lineRef.current;
      if (el) revealLine(el);
      if (el && inLogView(el) && frames >= 2) {
        el.focus({ preventScroll: true });
        focus.done(target.seq);
        return;
      }
      if (++frames < 30) raf = requestAnimationFrame(step);
      else focus.done(target.seq);
    };
    raf = requestAnimationFrame(step);
    return () => cancelAnimationFrame(raf);
  }, [target, pending, focus]);
  const raw = block.result?.output ?? block.output ?? '';
  // old saved outputs can hold machine lines: never shown (claims' line numbers are mapped)
  const text = useMemo(() => visibleOutput(raw), [raw]);
  const focusLine = target ? shownLine(raw, target.line) : null;
  const isOpen = open || pending;
  const showAll = all || pending;
  const omitted = block.result?.omittedBytes ?? 0;
  const stateLost = block.result?.stateLost ?? false;
  if (!text && !omitted && !stateLost) {
    if (block.result && block.status !== 'running') {
      return <div className="block-output-empty faint">No output.</div>;
    }
    return null;
  }
  const view = outputView(text, showAll);
  const failed = block.status === 'failed' || block.status === 'timed-out';
  return (
    <div className={`block-output ${failed ? 'failed' : ''}`}>
      <div className="block-output-head">
        <button
          type="button"
          className="block-output-toggle"
          aria-expanded={isOpen}
          aria-controls={isOpen ? bodyId : undefined}
          onClick={() => setOpen(!isOpen)}
        >
          <Icon name={isOpen ? 'chevronDown' : 'chevronRight'} size={14} />
          Output
          <span className="faint">{plural(view.totalLines, 'line')}</span>
        </button>
        <span className="code-head-spacer" />
        {isOpen && text && <CopyButton text={text} label="Copy output" />}
      </div>
      {isOpen && (
        <div id={bodyId} className="block-output-body">
          {text && (
            <pre className={`output ${view.hiddenLines > 0 && !showAll ? 'output-preview' : ''}`}>
              {focusLine !== null ? (
                <FocusedText text={text} line={focusLine} lineRef={lineRef} />
              ) : (
                <Visible text={view.text} />
              )}
            </pre>
          )}
          {focusLine === null && view.hiddenLines > 0 && !showAll && (
            <div className="output-cut">
              <button type="button" className="btn btn-small" onClick={() => setAll(true)}>
                <Icon name="chevronDown" size={12} /> Show all {formatCount(view.totalLines)} lines
              </button>
              <span className="faint">{plural(view.hiddenLines, 'more line')}</span>
            </div>
          )}
          {focusLine === null && showAll && view.capped && (
            <p className="output-note faint">
              The first {formatCount(view.totalLines - view.hiddenLines)} of {formatCount(view.totalLines)}{' '}
              lines are shown; “Copy output” copies all of them.
            </p>
          )}
          {showAll && view.totalLines > PREVIEW_ABOVE && !view.capped && focusLine === null && (
            <button
              type="button"
              className="btn btn-ghost btn-small output-less"
              onClick={() => setAll(false)}
            >
              Show fewer lines
            </button>
          )}
          {omitted > 0 && (
            <p className="output-note faint">
              {formatBytes(omitted)} of output were left out in the middle (only the beginning and the end are
              kept).
            </p>
          )}
          {stateLost && (
            <p className="output-note warning-text">
              The Python session was restarted: variables from earlier blocks were lost. Files the code wrote
              to the analysis folder are kept.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
