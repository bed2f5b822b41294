/** API key: status, set, clear. The key itself never goes back to the renderer. */
import type { InvokeChannel } from '../../shared/contract';
import { register, type SetupContext } from './context';

export const SECRETS_CHANNELS = [
  'secrets:status',
  'secrets:set',
  'secrets:clear',
] as const satisfies readonly InvokeChannel[];

export function setupSecrets(ctx: SetupContext): void {
  register(ctx, SECRETS_CHANNELS);
}
