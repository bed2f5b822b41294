/** Exports: open a written export (HTML, PDF) with its default application, or show it in its folder. */
import type { InvokeChannel } from '../../shared/contract';
import { register, type SetupContext } from './context';

export const EXPORTS_CHANNELS = [
  'exports:open',
  'exports:reveal',
] as const satisfies readonly InvokeChannel[];

export function setupExports(ctx: SetupContext): void {
  register(ctx, EXPORTS_CHANNELS);
}
