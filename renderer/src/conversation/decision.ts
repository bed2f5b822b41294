// What the user decided about a block waiting for approval (ApprovalBar, ConsentPrompt): the
// contract's `conversations:approve` decision.
import type { InvokeArgs } from '../../../electron/shared/contract';

export type Decision = InvokeArgs<'conversations:approve'>[0]['decision'];
