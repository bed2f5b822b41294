/**
 * The API key's policy, applied by every SecretStore (Electron's safeStorage store in main, the
 * test keychain): a key is bound to the origin it was saved for, given only for that origin, and
 * the renderer learns at most its last 4 characters.
 */
import type { KeyStatus } from '../../shared/contract';

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
