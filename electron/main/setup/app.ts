/** App: version, platform and data folder. */
import type { InvokeChannel } from '../../shared/contract';
import { register, type SetupContext } from './context';

export const APP_CHANNELS = ['app:info'] as const satisfies readonly InvokeChannel[];

export function setupApp(ctx: SetupContext): void {
  register(ctx, APP_CHANNELS);
}
