// The isolation state as a chip (conversation header) or a status-bar item: same words, same
// colour, same icon wherever it is shown (shared/isolation.ts decides the words).
import { Icon } from './icons';
import { toneClass, type IsolationLabel, type IsolationTone } from './isolation';

export function IsolationIcon({ tone, size = 12 }: { tone: IsolationTone; size?: number }) {
  if (tone === 'pending') return <span className="spinner" aria-hidden="true" />;
  return <Icon name={tone === 'warn' || tone === 'bad' ? 'alert' : 'shield'} size={size} />;
}

export function IsolationChip({ label, title }: { label: IsolationLabel; title?: string }) {
  return (
    <span className={`chip iso-badge ${toneClass(label.tone)}`} data-tone={label.tone} title={title}>
      <IsolationIcon tone={label.tone} />
      {label.text}
    </span>
  );
}
