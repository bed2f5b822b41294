/**
 * What the desktop services need from the shell. Electron implements these in electron/main/;
 * the end-to-end test bridge implements them with fakes (said so in its test names).
 */
import type { EventChannel, EventPayloads, KeyStatus } from '../../shared/contract';
import type { ReportFormat } from '../report/index';
import type { PdfRenderer } from '../report/pdf';
import type { Settings } from './settings';

export interface Dialogs {
  /** The OS open dialog for a CSV/TSV file; null when cancelled. */
  chooseDataFile(): Promise<string | null>;
  /** The OS save dialog; null when cancelled. */
  chooseSaveLocation(defaultName: string, format: ReportFormat): Promise<string | null>;
}

export interface Shell {
  /** Opens a file the app wrote (an export) with its default application. */
  openPath(path: string): Promise<void>;
  /** Opens an http(s) link in the OS browser. */
  openExternal(url: string): Promise<void>;
}

/** Thrown when the OS cannot encrypt secrets: the user may keep the key for this session only. */
export class EncryptionUnavailableError extends Error {
  constructor() {
    super(
      'this computer offers no OS encryption for secrets (no keychain): the API key can only be kept for this session',
    );
    this.name = 'EncryptionUnavailableError';
  }
}

/**
 * API keys: encrypted by the OS keychain (Electron safeStorage) and stored only as ciphertext,
 * or kept in memory for the session. `get` is for the main process only; the renderer sees
 * `status()` (provider, whether there is a key, its last 4 characters).
 */
export interface SecretStore {
  status(provider: KeyStatus['provider']): KeyStatus;
  get(): string | null;
  /** Throws EncryptionUnavailableError when not session-only and the OS cannot encrypt. */
  set(key: string, options: { sessionOnly: boolean }): void;
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
