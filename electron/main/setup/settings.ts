/** Settings: read and update (validated, persisted by electron-store). */
import type { InvokeChannel } from '../../shared/contract';
import { register, type SetupContext } from './context';

export const SETTINGS_CHANNELS = [
  'settings:get',
  'settings:update',
] as const satisfies readonly InvokeChannel[];

export function setupSettings(ctx: SetupContext): void {
  register(ctx, SETTINGS_CHANNELS);
}
