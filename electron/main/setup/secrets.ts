/** API key: status, set, clear. The key itself never goes back to the renderer. */
import { secretsHandlers } from '../../core/desktop/secrets-handlers';
import { register, type SetupContext } from './context';

export function setupSecrets(ctx: SetupContext): void {
  register(ctx, secretsHandlers(ctx.services));
}
