// A progress bar: its share done (0–100), or moving back and forth when that is not known.
export function ProgressBar({ label, pct, text }: { label: string; pct: number | undefined; text: string }) {
  return (
    <span
      className={`progress ${pct === undefined ? 'indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-valuetext={text}
    >
      <span className="progress-fill" style={pct === undefined ? undefined : { width: `${pct}%` }} />
    </span>
  );
}
