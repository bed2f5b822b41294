import { useEffect, useId, useState } from 'react';

/** A number saved on blur or Enter, checked against its range first. */
export function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  unit?: string;
  onCommit: (value: number) => Promise<boolean>;
}) {
  const id = useId();
  const [draft, setDraft] = useState(String(props.value));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setDraft(String(props.value)), [props.value]);

  const commit = async () => {
    const n = Number(draft);
    if (draft.trim() === '' || !Number.isInteger(n) || n < props.min || n > props.max) {
      setProblem(
        `${props.label} must be a whole number from ${props.min} to ${props.max.toLocaleString('en')}.`,
      );
      return;
    }
    setProblem(null);
    if (n !== props.value && !(await props.onCommit(n))) setDraft(String(props.value));
  };

  return (
    <div className="field number-field">
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      <span className="number-input">
        <input
          id={id}
          className="input"
          type="number"
          inputMode="numeric"
          min={props.min}
          max={props.max}
          step={1}
          value={draft}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => void commit()}
          onKeyDown={(e) => e.key === 'Enter' && void commit()}
        />
        {props.unit && <span className="faint">{props.unit}</span>}
      </span>
      {problem && (
        <span id={`${id}-problem`} className="error-line">
          {problem}
        </span>
      )}
    </div>
  );
}
