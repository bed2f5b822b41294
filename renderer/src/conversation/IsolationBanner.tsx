import { Icon } from '../shared/icons';

/** Shown for as long as the conversation's code runs without full isolation: the warnings themselves. */
export function IsolationBanner({ warnings }: { warnings: string[] | undefined }) {
  if (!warnings || warnings.length === 0) return null;
  return (
    <div className="isolation-banner" role="alert">
      <Icon name="alert" />
      <div>
        <strong>Code in this analysis runs without full isolation.</strong>
        <ul>
          {warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
