// Highlighted code, and the copy button used by every code block. Hidden characters (bidi
// controls, terminal escapes) are drawn as escapes; Copy copies the code as it is.
import { memo, useState } from 'react';
import { useToast } from '../platform/toast';
import { copyText } from '../shared/format';
import { Icon } from '../shared/icons';
import { Visible } from '../shared/Visible';
import { highlight } from './highlight';

export const CodeView = memo(function CodeView({ code, language }: { code: string; language: string }) {
  const segments = highlight(code, language);
  return (
    <pre className="code" tabIndex={0}>
      <code>
        {segments.map((s, i) =>
          s.cls ? (
            <span key={i} className={s.cls}>
              <Visible text={s.text} />
            </span>
          ) : (
            <Visible key={i} text={s.text} />
          ),
        )}
      </code>
    </pre>
  );
});

export function CopyButton({ text, label = 'Copy code' }: { text: string; label?: string }) {
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-ghost btn-small"
      aria-label={copied ? 'Copied' : label}
      onClick={() => {
        copyText(text).then(
          () => {
            setCopied(true);
            window.setTimeout(() => setCopied(false), 1500);
          },
          () => toast.error('Could not copy: the clipboard is not available'),
        );
      }}
    >
      <Icon name={copied ? 'check' : 'copy'} size={14} />
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

const LABELS: Record<string, string> = {
  python: 'Python',
  py: 'Python',
  python3: 'Python',
  sh: 'Shell',
  bash: 'Shell',
  shell: 'Shell',
};

/** A fence that is not run (another language, or text still streaming in). */
export function StaticCode({ code, language, note }: { code: string; language: string; note?: string }) {
  return (
    <div className="code-block static">
      <div className="code-head">
        <span className="code-lang">{LABELS[language.toLowerCase()] ?? (language || 'Text')}</span>
        {note && <span className="faint code-note">{note}</span>}
        <span className="code-head-spacer" />
        <CopyButton text={code} />
      </div>
      <CodeView code={code} language={language} />
    </div>
  );
}
