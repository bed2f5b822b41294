/**
 * The API key, encrypted by the OS keychain through Electron's safeStorage: only the ciphertext
 * (base64) is written, to secrets.json (mode 0600, atomic write) in the app's data folder. When
 * the OS cannot encrypt (or Linux falls back to the `basic_text` backend, which is not
 * encryption), the key may only be kept in memory for this session. The key never leaves the
 * main process: the renderer sees status() (last 4 characters at most).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { EncryptionUnavailableError, type SecretStore } from '../core/desktop/ports';
import type { KeyStatus } from '../shared/contract';

export const SECRETS_FILE = 'secrets.json';

interface SecretsFile {
  version: 1;
  /** base64 of safeStorage.encryptString(key) */
  apiKey: string;
}

export interface SecretStoreOptions {
  /** The folder of secrets.json (Electron's userData). */
  dir: string;
  platform?: NodeJS.Platform;
}

export class SafeStorageSecretStore implements SecretStore {
  readonly file: string;
  readonly #platform: NodeJS.Platform;
  #sessionKey: string | null = null;
  /** The decrypted stored key, once read (avoids asking the keychain again). */
  #decrypted: string | null = null;

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

  status(provider: KeyStatus['provider']): KeyStatus {
    const key = this.get();
    const storage: KeyStatus['storage'] = this.#sessionKey ? 'session' : key ? 'keychain' : 'none';
    return {
      provider,
      hasKey: key !== null,
      hint: key ? key.slice(-4) : null,
      storage,
      encryptionAvailable: this.encryptionAvailable(),
    };
  }

  get(): string | null {
    if (this.#sessionKey) return this.#sessionKey;
    if (this.#decrypted) return this.#decrypted;
    const stored = this.#readCiphertext();
    if (!stored) return null;
    try {
      this.#decrypted = safeStorage.decryptString(Buffer.from(stored, 'base64'));
      return this.#decrypted;
    } catch {
      // Another keychain, or a corrupted file: as if there were no key (the user sets it again).
      return null;
    }
  }

  set(key: string, options: { sessionOnly: boolean }): void {
    if (!key) throw new Error('the API key is empty');
    if (options.sessionOnly) {
      this.#removeFile();
      this.#decrypted = null;
      this.#sessionKey = key;
      return;
    }
    if (!this.encryptionAvailable()) throw new EncryptionUnavailableError();
    const content: SecretsFile = { version: 1, apiKey: safeStorage.encryptString(key).toString('base64') };
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      writeFileSync(temp, `${JSON.stringify(content)}\n`, { mode: 0o600 });
      renameSync(temp, this.file);
    } finally {
      rmSync(temp, { force: true });
    }
    this.#sessionKey = null;
    this.#decrypted = key;
  }

  clear(): void {
    this.#sessionKey = null;
    this.#decrypted = null;
    this.#removeFile();
  }

  #readCiphertext(): string | null {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<SecretsFile>;
      return typeof parsed.apiKey === 'string' && parsed.apiKey ? parsed.apiKey : null;
    } catch {
      return null;
    }
  }

  #removeFile(): void {
    rmSync(this.file, { force: true });
  }
}
