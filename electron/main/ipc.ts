/**
 * IPC plumbing of the main process: invoke channels registered with a trusted-sender check and
 * the contract's validation of their arguments (shared/validate, the same as the test bridge),
 * one-line errors, and the EventSink that sends events to every window.
 */
import { BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { EventSink } from '../core/desktop/ports';
import { EVENT_CHANNELS, type EventChannel, type Handlers, type InvokeChannel } from '../shared/contract';
import { validateArgs } from '../shared/validate';
import { isAppUrl } from './window';
import { oneLine } from '../model/text/one-line';

/** The part of ipcMain this module uses (a fake in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
}

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Only the app's own top-level page may call: never a subframe, never another origin. */
export function createSenderCheck(appUrl: string): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent) return false;
    return isAppUrl(frame.url, appUrl);
  };
}

export function registerHandlers(
  ipcMain: IpcMainLike,
  handlers: Partial<Handlers>,
  channels: readonly InvokeChannel[],
  isTrustedSender: SenderCheck,
): void {
  for (const channel of channels) {
    const handler = handlers[channel] as (...args: unknown[]) => Promise<unknown>;
    if (typeof handler !== 'function') throw new Error(`no handler for ${channel}`);
    ipcMain.handle(channel, async (event, ...args) => {
      if (!isTrustedSender(event))
        throw new Error(`${channel}: refused, the request did not come from the app`);
      const valid = validateArgs(channel, args) as unknown[];
      try {
        return await handler(...valid);
      } catch (error) {
        throw new Error(oneLine(error), { cause: error });
      }
    });
  }
}

const EVENTS = new Set<string>(EVENT_CHANNELS);

/** Sends each event to every open window; nothing outside EVENT_CHANNELS is ever sent. */
export function createEventSink(
  targets: () => WebContents[] = () => BrowserWindow.getAllWindows().map((w) => w.webContents),
): EventSink {
  return {
    emit(channel: EventChannel, payload: unknown) {
      if (!EVENTS.has(channel)) return;
      for (const contents of targets()) {
        if (!contents.isDestroyed()) contents.send(channel, payload);
      }
    },
  };
}
