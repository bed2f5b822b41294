/** Sandbox: status, preparing the Docker image, cancelling it. */
import type { InvokeChannel } from '../../shared/contract';
import { register, type SetupContext } from './context';

export const SANDBOX_CHANNELS = [
  'sandbox:status',
  'sandbox:prepare',
  'sandbox:cancel',
] as const satisfies readonly InvokeChannel[];

export function setupSandbox(ctx: SetupContext): void {
  register(ctx, SANDBOX_CHANNELS);
}
