/** What every setupX() gets: ipcMain, the shared handlers and the trusted-sender check. */
import type { Handlers, InvokeChannel } from '../../shared/contract';
import { registerHandlers, type IpcMainLike, type SenderCheck } from '../ipc';

export interface SetupContext {
  ipcMain: IpcMainLike;
  handlers: Handlers;
  isTrustedSender: SenderCheck;
}

export function register(ctx: SetupContext, channels: readonly InvokeChannel[]): void {
  registerHandlers(ctx.ipcMain, ctx.handlers, channels, ctx.isTrustedSender);
}
