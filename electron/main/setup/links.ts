/** Links: http(s) links open in the OS browser. */
import type { InvokeChannel } from '../../shared/contract';
import { register, type SetupContext } from './context';

export const LINKS_CHANNELS = ['links:open'] as const satisfies readonly InvokeChannel[];

export function setupLinks(ctx: SetupContext): void {
  register(ctx, LINKS_CHANNELS);
}
