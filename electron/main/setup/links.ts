/** Links: http(s) links open in the OS browser. */
import { linksHandlers } from '../../core/desktop/links-handlers';
import { register, type SetupContext } from './context';

export function setupLinks(ctx: SetupContext): void {
  register(ctx, linksHandlers(ctx.services));
}
