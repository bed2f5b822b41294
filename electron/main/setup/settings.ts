/** Settings: read and update (validated, persisted by electron-store). */
import { settingsHandlers } from '../../core/desktop/settings-handlers';
import { register, type SetupContext } from './context';

export function setupSettings(ctx: SetupContext): void {
  register(ctx, settingsHandlers(ctx.services));
}
