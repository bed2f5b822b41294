/**
 * Approval modes: `never` runs automatically, `always` asks before every block, `unsandboxed`
 * (the default) asks when the code would run where the isolation probe did not verify the
 * sandbox. The user can run (this block, or the rest of this analysis), edit and run, reject
 * with feedback (which goes to the model), set up Docker isolation instead, or cancel.
 */
import type { ExecLanguage } from '../../model/exec/types';
import type { ApprovalMode } from '../../model/agent/conversation';

export interface ApprovalRequest {
  conversationId: string;
  messageId: string;
  index: number;
  language: ExecLanguage;
  code: string;
  /** True only when the isolation probe verified the sandbox. */
  isolated: boolean;
  /** What runs the code, e.g. "bubblewrap 0.8.0", "no OS sandbox". */
  runner: string;
  /** What the code could do on this machine, in plain words (from the probe's failed checks). */
  risks: string[];
}

export type ApprovalDecision =
  | { action: 'run'; scope?: 'block' | 'analysis' }
  | { action: 'edit'; code: string }
  | { action: 'reject'; feedback: string }
  /** Stop here and prepare the Docker sandbox image instead (the next question runs isolated). */
  | { action: 'setup-docker' }
  | { action: 'cancel' };

export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalDecision>;

export function approvalNeeded(mode: ApprovalMode, isolated: boolean, allowedForRun = false): boolean {
  if (allowedForRun) return false;
  return mode === 'always' || (mode === 'unsandboxed' && !isolated);
}

/** The user's decision, or null when the wait was cancelled. */
export async function waitForApproval(
  approver: Approver | undefined,
  request: ApprovalRequest,
  signal: AbortSignal,
): Promise<ApprovalDecision | null> {
  if (!approver) throw new Error('this code needs approval, but there is no way to ask for it here');
  if (signal.aborted) return null;
  let onAbort!: () => void;
  const aborted = new Promise<null>((resolve) => {
    onAbort = () => resolve(null);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([approver(request, signal), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
