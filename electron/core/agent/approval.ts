/**
 * Approval modes: `never` runs automatically, `always` asks before every block, `unsandboxed`
 * asks only when the code would run without OS isolation. The user can run, edit and run,
 * or reject with feedback (which goes to the model).
 */
import type { ExecLanguage } from '../exec/types';
import type { ApprovalMode } from './model';

export interface ApprovalRequest {
  conversationId: string;
  messageId: string;
  index: number;
  language: ExecLanguage;
  code: string;
  /** False when the code would run without OS isolation. */
  isolated: boolean;
}

export type ApprovalDecision =
  { action: 'run' } | { action: 'edit'; code: string } | { action: 'reject'; feedback: string };

export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalDecision>;

export function approvalNeeded(mode: ApprovalMode, isolated: boolean): boolean {
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
