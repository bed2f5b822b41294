/** App: version, platform and data folder. */
import { appHandlers } from '../../core/desktop/app-handlers';
import { register, type SetupContext } from './context';

export function setupApp(ctx: SetupContext): void {
  register(ctx, appHandlers(ctx.services));
}
