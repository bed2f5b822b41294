// One number of the final answer, marked by the number tracer (electron/core/answer/): a
// supported one is a quiet link that shows the output line it came from; one found in no output
// is flagged — an icon named for screen readers and a wavy underline, never colour alone. The
// number's own text is left as it is (copying the answer copies the answer).
import type { ReactNode } from 'react';
import { sourceLabel } from '../../../electron/model/answer/marks';
import type { AnswerClaim } from '../../../electron/model/answer/types';
import { Icon } from '../shared/icons';
import { useOutputFocus } from './focus';

export function ClaimMark({ claim, children }: { claim: AnswerClaim; children: ReactNode }) {
  const { reveal } = useOutputFocus();
  const label = sourceLabel(claim.supported ? claim.source : null);
  const s = claim.source;
  if (claim.supported && s?.kind === 'output') {
    // a link (it goes to a place in the log), inline like the text around it
    return (
      <a
        className="claim claim-supported"
        href={`#output-${s.messageId}-${s.index}-${s.line}`}
        title={label}
        aria-label={`${claim.text}, ${label}`}
        onClick={(e) => {
          e.preventDefault();
          reveal({ messageId: s.messageId, index: s.index, line: s.line });
        }}
      >
        {children}
      </a>
    );
  }
  if (claim.supported) {
    return (
      <span className="claim claim-supported claim-file" title={label}>
        {children}
      </span>
    );
  }
  return (
    <span className="claim claim-unsupported" title={label}>
      <span className="claim-flag" role="img" aria-label="Not found in any output:">
        <Icon name="alert" size={12} />
      </span>
      {children}
    </span>
  );
}
