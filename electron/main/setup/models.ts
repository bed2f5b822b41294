/** Model endpoints: list the models of a base URL, test a connection. */
import { modelsHandlers } from '../../core/desktop/models-handlers';
import { register, type SetupContext } from './context';

export function setupModels(ctx: SetupContext): void {
  register(ctx, modelsHandlers(ctx.services));
}
