/** Model endpoints: list the models of a base URL, test a connection. */
import type { InvokeChannel } from '../../shared/contract';
import { register, type SetupContext } from './context';

export const MODELS_CHANNELS = ['models:list', 'models:test'] as const satisfies readonly InvokeChannel[];

export function setupModels(ctx: SetupContext): void {
  register(ctx, MODELS_CHANNELS);
}
