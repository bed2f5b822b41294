/** Files: the open dialog, dropped files, recent files and previews. */
import type { InvokeChannel } from '../../shared/contract';
import { register, type SetupContext } from './context';

export const FILES_CHANNELS = [
  'files:choose',
  'files:grant-dropped',
  'files:recent',
  'files:preview',
  'files:brief',
  'files:of-conversation',
] as const satisfies readonly InvokeChannel[];

export function setupFiles(ctx: SetupContext): void {
  register(ctx, FILES_CHANNELS);
}
