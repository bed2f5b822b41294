/** Sandbox: status, preparing the Docker image, cancelling it. */
import { sandboxHandlers } from '../../core/desktop/sandbox-handlers';
import { register, type SetupContext } from './context';

export function setupSandbox(ctx: SetupContext): void {
  register(ctx, sandboxHandlers(ctx.services));
}
