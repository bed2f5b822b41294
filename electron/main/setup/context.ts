/** What every setupX() gets: ipcMain, the desktop services and the trusted-sender check. */
import type { DesktopServices } from '../../core/desktop/services';
import type { Handlers, InvokeChannel } from '../../shared/contract';
import { registerHandlers, type IpcMainLike, type SenderCheck } from '../ipc';

export interface SetupContext {
  ipcMain: IpcMainLike;
  services: DesktopServices;
  isTrustedSender: SenderCheck;
}

/** Registers a feature's handlers: its channels are the handler object's own keys, no list to keep. */
export function register(ctx: SetupContext, handlers: Partial<Handlers>): void {
  registerHandlers(ctx.ipcMain, handlers, Object.keys(handlers) as InvokeChannel[], ctx.isTrustedSender);
}
