/** Exports: open a written export with its default application. */
import type { InvokeChannel } from '../../shared/contract';
import { register, type SetupContext } from './context';

export const EXPORTS_CHANNELS = ['exports:open'] as const satisfies readonly InvokeChannel[];

export function setupExports(ctx: SetupContext): void {
  register(ctx, EXPORTS_CHANNELS);
}
