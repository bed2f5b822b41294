/** Files: the open dialog, dropped files, recent files and previews. */
import { filesHandlers } from '../../core/desktop/files-handlers';
import { register, type SetupContext } from './context';

export function setupFiles(ctx: SetupContext): void {
  register(ctx, filesHandlers(ctx.services));
}
