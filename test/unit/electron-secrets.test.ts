import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, resetFake, safeStorageState } from './electron-fake';
import { SafeStorageSecretStore } from '../../electron/main/secrets';
import { EncryptionUnavailableError } from '../../electron/core/desktop/key-policy';

vi.mock('electron', async () => (await import('./electron-fake')).electronModule());

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz-9XyZ';
const OPENAI = 'https://api.openai.com/v1';
const LOCAL = 'http://localhost:11434/v1';
let dir: string;

beforeEach(() => {
  resetFake();
  dir = mkdtempSync(path.join(os.tmpdir(), 'plotwright-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SafeStorageSecretStore (Electron faked)', () => {
  it('secrets (Electron faked): only the ciphertext is written, the key never appears on disk', () => {
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    store.set(KEY, { sessionOnly: false, endpoint: OPENAI });
    const raw = readFileSync(store.file, 'utf8');
    expect(raw).not.toContain(KEY);
    expect(raw).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(raw).not.toContain('9XyZ');
    expect(JSON.parse(raw)).toEqual({
      version: 2,
      apiKey: expect.any(String),
      origin: 'https://api.openai.com',
    });
    if (process.platform !== 'win32') expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(filesIn(dir)).toEqual(['secrets.json']);
    // A new store (next launch) decrypts it.
    expect(new SafeStorageSecretStore({ dir, platform: 'linux' }).get(OPENAI)).toBe(KEY);
  });

  it('secrets (Electron faked): status shows the last 4 characters, never the key', () => {
    const store = new SafeStorageSecretStore({ dir, platform: 'darwin' });
    expect(store.status('openai', OPENAI)).toEqual({
      provider: 'openai',
      hasKey: false,
      hint: null,
      storage: 'none',
      encryptionAvailable: true,
      origin: null,
      usableHere: false,
    });
    store.set(KEY, { sessionOnly: false, endpoint: OPENAI });
    const status = store.status('compatible', OPENAI);
    expect(status).toEqual({
      provider: 'compatible',
      hasKey: true,
      hint: '9XyZ',
      storage: 'keychain',
      encryptionAvailable: true,
      origin: 'https://api.openai.com',
      usableHere: true,
    });
    expect(JSON.stringify(status)).not.toContain(KEY);
  });

  it('secrets (Electron faked): refuses with EncryptionUnavailableError when the OS cannot encrypt', () => {
    safeStorageState.available = false;
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    expect(() => store.set(KEY, { sessionOnly: false, endpoint: OPENAI })).toThrow(
      EncryptionUnavailableError,
    );
    expect(existsSync(store.file)).toBe(false);
    expect(store.status('openai', OPENAI).encryptionAvailable).toBe(false);
  });

  it("secrets (Electron faked): Linux's basic_text backend counts as no encryption", () => {
    safeStorageState.backend = 'basic_text';
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    expect(store.encryptionAvailable()).toBe(false);
    expect(() => store.set(KEY, { sessionOnly: false, endpoint: OPENAI })).toThrow(
      EncryptionUnavailableError,
    );
    expect(existsSync(store.file)).toBe(false);
    // The same backend name means nothing elsewhere.
    expect(new SafeStorageSecretStore({ dir, platform: 'darwin' }).encryptionAvailable()).toBe(true);
  });

  it('secrets (Electron faked): without encryption a session-only key is accepted and nothing is written', () => {
    safeStorageState.available = false;
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    store.set(KEY, { sessionOnly: true, endpoint: OPENAI });
    expect(store.get(OPENAI)).toBe(KEY);
    expect(store.status('openai', OPENAI)).toMatchObject({ hasKey: true, hint: '9XyZ', storage: 'session' });
    expect(filesIn(dir)).toEqual([]);
    // Gone with the process.
    expect(new SafeStorageSecretStore({ dir, platform: 'linux' }).get(OPENAI)).toBeNull();
  });

  it('secrets (Electron faked): a session-only key replaces a stored one', () => {
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    store.set(KEY, { sessionOnly: false, endpoint: OPENAI });
    store.set('sk-session-0000', { sessionOnly: true, endpoint: OPENAI });
    expect(existsSync(store.file)).toBe(false);
    expect(store.status('openai', OPENAI)).toMatchObject({ hint: '0000', storage: 'session' });
  });

  it('secrets (Electron faked): clear removes the key from memory and disk', () => {
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    store.set(KEY, { sessionOnly: false, endpoint: OPENAI });
    store.clear();
    expect(existsSync(store.file)).toBe(false);
    expect(store.get(OPENAI)).toBeNull();
    expect(store.status('openai', OPENAI)).toMatchObject({ hasKey: false, hint: null, storage: 'none' });
  });

  it('secrets (Electron faked): an undecryptable file reads as no key', () => {
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    store.set(KEY, { sessionOnly: false, endpoint: OPENAI });
    const next = new SafeStorageSecretStore({ dir, platform: 'linux' });
    fake.safeStorage.decryptString.mockImplementationOnce(() => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    });
    expect(next.get(OPENAI)).toBeNull();
  });

  it('secrets (Electron faked): a key is given only for the origin it was saved for', () => {
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    store.set(KEY, { sessionOnly: false, endpoint: LOCAL });
    expect(store.get('http://localhost:11434/v1/')).toBe(KEY);
    expect(store.get('http://localhost:11434/other')).toBe(KEY);
    for (const elsewhere of [
      OPENAI,
      'http://127.0.0.1:11434/v1',
      'http://localhost:1234/v1',
      'https://localhost:11434/v1',
      'http://localhost:11434.evil.example/v1',
      'not a url',
    ])
      expect(store.get(elsewhere), elsewhere).toBeNull();
    expect(store.status('compatible', OPENAI)).toMatchObject({
      hasKey: true,
      origin: 'http://localhost:11434',
      usableHere: false,
    });
    expect(new SafeStorageSecretStore({ dir, platform: 'linux' }).get(LOCAL)).toBe(KEY);
    const session = new SafeStorageSecretStore({ dir, platform: 'linux' });
    session.set('sk-session-1111', { sessionOnly: true, endpoint: OPENAI });
    expect(session.get(LOCAL)).toBeNull();
    expect(session.get(OPENAI)).toBe('sk-session-1111');
    expect(() => store.set(KEY, { sessionOnly: false, endpoint: 'file:///etc/passwd' })).toThrow(/http\(s\)/);
  });

  it('secrets (Electron faked): a version 1 file (no origin) is bound to OpenAI', () => {
    const ciphertext = fake.safeStorage.encryptString(KEY).toString('base64');
    writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ version: 1, apiKey: ciphertext }));
    const store = new SafeStorageSecretStore({ dir, platform: 'linux' });
    expect(store.get(OPENAI)).toBe(KEY);
    expect(store.get(LOCAL)).toBeNull();
  });
});

function filesIn(folder: string): string[] {
  return readdirSync(folder).sort();
}
