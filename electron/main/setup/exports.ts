/** Exports: open a written export (HTML, PDF) with its default application, or show it in its folder. */
import { exportsHandlers } from '../../core/desktop/exports-handlers';
import { register, type SetupContext } from './context';

export function setupExports(ctx: SetupContext): void {
  register(ctx, exportsHandlers(ctx.services));
}
