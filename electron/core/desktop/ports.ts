/**
 * What the desktop services need from the shell. Electron implements these in electron/main/;
 * the end-to-end test bridge implements them with fakes (said so in its test names).
 */
import type { EventChannel, EventPayloads, KeyStatus } from '../../shared/contract';
import type { ReportFormat } from '../../model/report-formats';
import type { PdfRenderer } from '../report/pdf';
import type { Settings } from '../../model/settings';

export interface Dialogs {
  /** The OS open dialog for a CSV/TSV file; null when cancelled. */
  chooseDataFile(): Promise<string | null>;
  /** The OS save dialog; null when cancelled. */
  chooseSaveLocation(defaultName: string, format: ReportFormat): Promise<string | null>;
}

export interface Shell {
  /** Opens a file the app wrote (an HTML or PDF export) with its default application. */
  openPath(path: string): Promise<void>;
  /** Shows a file the app wrote in the OS file manager, selected; runs nothing. */
  showItemInFolder(path: string): Promise<void>;
  /** Opens an http(s) link in the OS browser. */
  openExternal(url: string): Promise<void>;
}

/**
 * API keys: encrypted by the OS keychain (Electron safeStorage) and stored only as ciphertext,
 * or kept in memory for the session. A key is bound to the origin of the endpoint it was saved
 * for, and `get` gives it only for that origin: a changed base URL (or a compromised renderer
 * pointing one elsewhere) never carries it to another server. `get` is for the main process
 * only; the renderer sees `status()` (whether there is a key, its last 4 characters, its origin).
 */
export interface SecretStore {
  status(provider: KeyStatus['provider'], endpoint: string): KeyStatus;
  /** The key, if one is saved for `endpoint`'s origin; null otherwise. */
  get(endpoint: string): string | null;
  /** Saves the key for `endpoint`'s origin. Throws EncryptionUnavailableError (key-policy.ts) when not session-only and the OS cannot encrypt. */
  set(key: string, options: { sessionOnly: boolean; endpoint: string }): void;
  clear(): void;
}

export interface SettingsPersistence {
  read(): unknown;
  write(settings: Settings): void;
}

export interface EventSink {
  emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void;
}

export interface DesktopPorts {
  dialogs: Dialogs;
  shell: Shell;
  secrets: SecretStore;
  settings: SettingsPersistence;
  events: EventSink;
  /** Electron's printToPDF in the app; headless Chromium elsewhere. */
  pdf: PdfRenderer;
  /** The app's data directory (conversations, recent files, exports' temp). */
  dataDir: string;
  appVersion: string;
}
