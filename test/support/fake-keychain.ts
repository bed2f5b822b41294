// The OS keychain (Electron safeStorage) faked for tests that cannot run Electron: what is kept is
// a stand-in "ciphertext", never the key itself, and encryption can be switched off. The key's
// origin binding is the real one (core/desktop/key-policy).
import {
  EncryptionUnavailableError,
  keyFor,
  keyOrigin,
  keyStatus,
  type StoredKey,
} from '../../electron/core/desktop/key-policy';
import type { SecretStore } from '../../electron/core/desktop/ports';
import type { KeyStatus } from '../../electron/shared/contract';

const scramble = (text: string) => text.split('').reverse().join('');

/** The OS keychain, faked: "ciphertext" is kept, the key is not, and encryption can be switched off. */
export class FakeKeychainSecretStore implements SecretStore {
  ciphertext: string | null = null;
  origin: string | null = null;
  private session: StoredKey | null = null;
  constructor(public encryptionAvailable = true) {}
  private stored(): StoredKey | null {
    if (this.session) return this.session;
    if (!this.ciphertext || !this.origin) return null;
    const key = scramble(Buffer.from(this.ciphertext, 'base64').toString('utf8'));
    return { key, origin: this.origin, storage: 'keychain' };
  }
  status(provider: KeyStatus['provider'], endpoint: string): KeyStatus {
    return keyStatus(provider, endpoint, this.stored(), this.encryptionAvailable);
  }
  get(endpoint: string): string | null {
    return keyFor(this.stored(), endpoint);
  }
  set(key: string, { sessionOnly, endpoint }: { sessionOnly: boolean; endpoint: string }): void {
    const origin = keyOrigin(endpoint);
    if (sessionOnly) {
      this.session = { key, origin, storage: 'session' };
      this.ciphertext = this.origin = null;
      return;
    }
    if (!this.encryptionAvailable) throw new EncryptionUnavailableError();
    this.ciphertext = Buffer.from(scramble(key)).toString('base64');
    this.origin = origin;
    this.session = null;
  }
  clear(): void {
    this.ciphertext = this.origin = null;
    this.session = null;
  }
}
