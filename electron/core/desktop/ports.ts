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

/** Thrown when the OS cannot encrypt secrets: the user may keep the key for this session only. */
export class EncryptionUnavailableError extends Error {
  constructor() {
    super(
      'this computer offers no OS encryption for secrets (no keychain): the API key can only be kept for this session',
    );
    this.name = 'EncryptionUnavailableError';
  }
}

/** A saved API key and the one origin (scheme, host, port) it may be sent to. */
export interface StoredKey {
  key: string;
  origin: string;
  storage: 'keychain' | 'session';
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
  /** Saves the key for `endpoint`'s origin. Throws EncryptionUnavailableError when not session-only and the OS cannot encrypt. */
  set(key: string, options: { sessionOnly: boolean; endpoint: string }): void;
  clear(): void;
}

/** The origin an endpoint's key is bound to; throws on anything but an http(s) URL. */
export function keyOrigin(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error('an API key needs an http(s) base URL to be saved for');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('an API key needs an http(s) base URL to be saved for');
  return url.origin;
}

/** The stored key when `endpoint` is on its origin. */
export function keyFor(stored: StoredKey | null, endpoint: string): string | null {
  if (!stored) return null;
  try {
    return keyOrigin(endpoint) === stored.origin ? stored.key : null;
  } catch {
    return null;
  }
}

/** What the renderer may know of the stored key: never the key, at most its last 4 characters. */
export function keyStatus(
  provider: KeyStatus['provider'],
  endpoint: string,
  stored: StoredKey | null,
  encryptionAvailable: boolean,
): KeyStatus {
  return {
    provider,
    hasKey: stored !== null,
    hint: stored ? stored.key.slice(-4) : null,
    storage: stored?.storage ?? 'none',
    encryptionAvailable,
    origin: stored?.origin ?? null,
    usableHere: keyFor(stored, endpoint) !== null,
  };
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
