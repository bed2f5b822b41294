// A model's check result, beside the model in Settings: the figures in one line, when and where
// it ran, and the questions one by one on demand (verdict, why, time, turns).
import { useId, useState } from 'react';
import type { CheckResult, CheckVerdict } from '../../../electron/model/check';
import { plural } from '../../../electron/model/text/plural';
import { formatDuration, relativeTime } from '../shared/format';

const VERDICT: Record<CheckVerdict, { label: string; chip: string }> = {
  right: { label: 'Right', chip: 'chip-success' },
  declined: { label: 'Declined', chip: 'chip-warning' },
  wrong: { label: 'Wrong', chip: 'chip-danger' },
};

/** "9 of 12 right · 3 declined · 0 wrong · median 0.6 s/question" */
export function checkFigures(result: CheckResult): string {
  const s = result.summary;
  return `${s.right} of ${s.total} right · ${s.declined} declined · ${s.wrong} wrong · median ${formatDuration(s.medianMs)}/question`;
}

export function CheckResultView({ result }: { result: CheckResult }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const where = result.sandbox
    ? // "Docker 20.10.24 (unix:///var/run/docker.sock)": the runner, without where it listens
      `${result.sandbox.runner.replace(/\s*\(.*\)$/, '')}${result.sandbox.isolated ? '' : ', not isolated'}`
    : result.mode;
  return (
    <div className="check-result">
      <p className="check-figures">
        <strong>{checkFigures(result)}</strong>
      </p>
      <p className="field-hint">
        {result.summary.accuracy} % right · checked {relativeTime(result.finishedAt)} · code in {where}
        {result.summary.totalTokens !== null && ` · ${result.summary.totalTokens} tokens`}
      </p>
      <button
        type="button"
        className="btn btn-small"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide the questions' : `Show the ${plural(result.questions.length, 'question')}`}
      </button>
      <ol id={listId} className="check-questions" hidden={!open}>
        {result.questions.map((q) => (
          <li key={q.id} className="check-question">
            <span className={`chip ${VERDICT[q.verdict].chip}`}>{VERDICT[q.verdict].label}</span>
            <span className="check-question-text">
              <span className="check-question-q">{q.question}</span>
              <span className="field-hint">
                {q.why} · {formatDuration(q.durationMs)} · {plural(q.turns, 'turn')}
                {q.failedBlocks > 0 && ` · ${plural(q.failedBlocks, 'failed block')}`}
                {q.error && ` · ${q.error}`}
              </span>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
