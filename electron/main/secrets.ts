/**
 * The API key, encrypted by the OS keychain through Electron's safeStorage: only the ciphertext
 * (base64) is written, to secrets.json (mode 0600, atomic write) in the app's data folder, beside
 * the origin the key was saved for (the only server it is ever sent to). When the OS cannot
 * encrypt (or Linux falls back to the `basic_text` backend, which is not encryption), the key may
 * only be kept in memory for this session. The key never leaves the main process: the renderer
 * sees status() (last 4 characters at most).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import {
  EncryptionUnavailableError,
  keyFor,
  keyOrigin,
  keyStatus,
  type StoredKey,
} from '../core/desktop/key-policy';
import type { SecretStore } from '../core/desktop/ports';
import type { KeyStatus } from '../shared/contract';

export const SECRETS_FILE = 'secrets.json';
/** Version 1 files had no origin: they were written for OpenAI, the only provider then. */
const V1_ORIGIN = 'https://api.openai.com';

interface SecretsFile {
  version: 2;
  /** base64 of safeStorage.encryptString(key) */
  apiKey: string;
  /** scheme://host:port the key may be sent to (not secret). */
  origin: string;
}

export interface SecretStoreOptions {
  /** The folder of secrets.json (Electron's userData). */
  dir: string;
  platform?: NodeJS.Platform;
}

export class SafeStorageSecretStore implements SecretStore {
  readonly file: string;
  readonly #platform: NodeJS.Platform;
  #session: StoredKey | null = null;
  /** The decrypted stored key, once read (avoids asking the keychain again). */
  #decrypted: StoredKey | null = null;

  constructor(options: SecretStoreOptions) {
    this.file = path.join(options.dir, SECRETS_FILE);
    this.#platform = options.platform ?? process.platform;
  }

  /** Real OS encryption: available, and on Linux not the plain-text fallback. */
  encryptionAvailable(): boolean {
    if (!safeStorage.isEncryptionAvailable()) return false;
    if (this.#platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return false;
    return true;
  }

  status(provider: KeyStatus['provider'], endpoint: string): KeyStatus {
    return keyStatus(provider, endpoint, this.#stored(), this.encryptionAvailable());
  }

  get(endpoint: string): string | null {
    return keyFor(this.#stored(), endpoint);
  }

  set(key: string, options: { sessionOnly: boolean; endpoint: string }): void {
    if (!key) throw new Error('the API key is empty');
    const origin = keyOrigin(options.endpoint);
    if (options.sessionOnly) {
      this.#removeFile();
      this.#decrypted = null;
      this.#session = { key, origin, storage: 'session' };
      return;
    }
    if (!this.encryptionAvailable()) throw new EncryptionUnavailableError();
    const content: SecretsFile = {
      version: 2,
      apiKey: safeStorage.encryptString(key).toString('base64'),
      origin,
    };
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      writeFileSync(temp, `${JSON.stringify(content)}\n`, { mode: 0o600 });
      renameSync(temp, this.file);
    } finally {
      rmSync(temp, { force: true });
    }
    this.#session = null;
    this.#decrypted = { key, origin, storage: 'keychain' };
  }

  clear(): void {
    this.#session = null;
    this.#decrypted = null;
    this.#removeFile();
  }

  #stored(): StoredKey | null {
    if (this.#session) return this.#session;
    if (this.#decrypted) return this.#decrypted;
    const stored = this.#readFile();
    if (!stored) return null;
    try {
      const key = safeStorage.decryptString(Buffer.from(stored.apiKey, 'base64'));
      this.#decrypted = { key, origin: stored.origin, storage: 'keychain' };
      return this.#decrypted;
    } catch {
      // Another keychain, or a corrupted file: as if there were no key (the user sets it again).
      return null;
    }
  }

  #readFile(): { apiKey: string; origin: string } | null {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, unknown>;
      const { apiKey, origin, version } = parsed;
      if (typeof apiKey !== 'string' || !apiKey) return null;
      if (version === 1) return { apiKey, origin: V1_ORIGIN };
      return typeof origin === 'string' ? { apiKey, origin } : null;
    } catch {
      return null;
    }
  }

  #removeFile(): void {
    rmSync(this.file, { force: true });
  }
}
