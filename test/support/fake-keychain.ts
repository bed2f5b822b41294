// The OS keychain (Electron safeStorage) faked for tests that cannot run Electron: what is kept is
// a stand-in "ciphertext", never the key itself, and encryption can be switched off.
import { EncryptionUnavailableError, type SecretStore } from '../../electron/core/desktop/ports';
import type { KeyStatus } from '../../electron/shared/contract';

/** The OS keychain, faked: "ciphertext" is kept, the key is not, and encryption can be switched off. */
export class FakeKeychainSecretStore implements SecretStore {
  ciphertext: string | null = null;
  private session: string | null = null;
  constructor(public encryptionAvailable = true) {}
  status(provider: KeyStatus['provider']): KeyStatus {
    const key = this.get();
    const storage = this.session ? 'session' : this.ciphertext ? 'keychain' : 'none';
    return {
      provider,
      hasKey: key !== null,
      hint: key ? key.slice(-4) : null,
      storage,
      encryptionAvailable: this.encryptionAvailable,
    };
  }
  get(): string | null {
    return (
      this.session ??
      (this.ciphertext
        ? Buffer.from(this.ciphertext, 'base64').toString('utf8').split('').reverse().join('')
        : null)
    );
  }
  set(key: string, { sessionOnly }: { sessionOnly: boolean }): void {
    if (sessionOnly) {
      this.session = key;
      return;
    }
    if (!this.encryptionAvailable) throw new EncryptionUnavailableError();
    this.ciphertext = Buffer.from(key.split('').reverse().join('')).toString('base64');
    this.session = null;
  }
  clear(): void {
    this.ciphertext = null;
    this.session = null;
  }
}
