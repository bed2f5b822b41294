import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, resetFake, safeStorageState } from './electron-fake';
import { SafeStorageSecretStore } from '../../electron/main/secrets';
import { EncryptionUnavailableError } from '../../electron/core/desktop/ports';

vi.mock('electron', async () => (await import('./electron-fake')).electronModule());

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz-9XyZ';
let dir: string;

beforeEach(() => {
  resetFake();
  dir = mkdtempSync(path.join(os.tmpdir(), 'plotwright-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SafeStorageSecretStore (Electron faked)', () => {
  it('secrets (Electron faked): only the ciphertext is written, the key never appears on disk', () => {
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    store.set(KEY, { sessionOnly: false });
    const raw = readFileSync(store.file, 'utf8');
    expect(raw).not.toContain(KEY);
    expect(raw).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(raw).not.toContain('9XyZ');
    expect(JSON.parse(raw)).toEqual({ version: 1, apiKey: expect.any(String) });
    if (process.platform !== 'win32') expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(filesIn(dir)).toEqual(['secrets.json']);
    // A new store (next launch) decrypts it.
    expect(new SafeStorageSecretStore({ dir, platform: 'linux' }).get()).toBe(KEY);
  });

  it('secrets (Electron faked): status shows the last 4 characters, never the key', () => {
    const store = new SafeStorageSecretStore({ dir, platform: 'darwin' });
    expect(store.status('openai')).toEqual({
      provider: 'openai',
      hasKey: false,
      hint: null,
      storage: 'none',
      encryptionAvailable: true,
    });
    store.set(KEY, { sessionOnly: false });
    const status = store.status('compatible');
    expect(status).toEqual({
      provider: 'compatible',
      hasKey: true,
      hint: '9XyZ',
      storage: 'keychain',
      encryptionAvailable: true,
    });
    expect(JSON.stringify(status)).not.toContain(KEY);
  });

  it('secrets (Electron faked): refuses with EncryptionUnavailableError when the OS cannot encrypt', () => {
    safeStorageState.available = false;
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    expect(() => store.set(KEY, { sessionOnly: false })).toThrow(EncryptionUnavailableError);
    expect(existsSync(store.file)).toBe(false);
    expect(store.status('openai').encryptionAvailable).toBe(false);
  });

  it("secrets (Electron faked): Linux's basic_text backend counts as no encryption", () => {
    safeStorageState.backend = 'basic_text';
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    expect(store.encryptionAvailable()).toBe(false);
    expect(() => store.set(KEY, { sessionOnly: false })).toThrow(EncryptionUnavailableError);
    expect(existsSync(store.file)).toBe(false);
    // The same backend name means nothing elsewhere.
    expect(new SafeStorageSecretStore({ dir, platform: 'darwin' }).encryptionAvailable()).toBe(true);
  });

  it('secrets (Electron faked): without encryption a session-only key is accepted and nothing is written', () => {
    safeStorageState.available = false;
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    store.set(KEY, { sessionOnly: true });
    expect(store.get()).toBe(KEY);
    expect(store.status('openai')).toMatchObject({ hasKey: true, hint: '9XyZ', storage: 'session' });
    expect(filesIn(dir)).toEqual([]);
    // Gone with the process.
    expect(new SafeStorageSecretStore({ dir, platform: 'linux' }).get()).toBeNull();
  });

  it('secrets (Electron faked): a session-only key replaces a stored one', () => {
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    store.set(KEY, { sessionOnly: false });
    store.set('sk-session-0000', { sessionOnly: true });
    expect(existsSync(store.file)).toBe(false);
    expect(store.status('openai')).toMatchObject({ hint: '0000', storage: 'session' });
  });

  it('secrets (Electron faked): clear removes the key from memory and disk', () => {
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    store.set(KEY, { sessionOnly: false });
    store.clear();
    expect(existsSync(store.file)).toBe(false);
    expect(store.get()).toBeNull();
    expect(store.status('openai')).toMatchObject({ hasKey: false, hint: null, storage: 'none' });
  });

  it('secrets (Electron faked): an undecryptable file reads as no key', () => {
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    store.set(KEY, { sessionOnly: false });
    const next = new SafeStorageSecretStore({ dir, platform: 'linux' });
    fake.safeStorage.decryptString.mockImplementationOnce(() => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    });
    expect(next.get()).toBeNull();
  });
});

function filesIn(folder: string): string[] {
  return readdirSync(folder).sort();
}
