// SSH host key verification for DOCKER_HOST=ssh://… against OpenSSH's known_hosts files, which
// docker-modem (ssh2) would otherwise skip: an unknown or changed key refuses the connection.
//
// Supported, as in sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT": plain names and addresses, comma-separated
// lists, `*`/`?` wildcards and `!` negation, `[host]:port` for ports other than 22, hashed names
// (`|1|salt|HMAC-SHA1(salt, name)`) and `@revoked` (refused). `@cert-authority` lines never match:
// host certificates are not supported.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface KnownHostsEntry {
  file: string;
  /** 1-based line number. */
  line: number;
  marker?: 'revoked' | 'cert-authority';
  /** The host patterns field, e.g. `a.example,[b.example]:2222` or `|1|salt|hash`. */
  hosts: string;
  keyType: string;
  /** The key blob (SSH wire format), base64-decoded. */
  key: Buffer;
}

export type HostKeyVerdict =
  | { status: 'match'; entry: KnownHostsEntry }
  | { status: 'revoked'; entry: KnownHostsEntry }
  | { status: 'mismatch'; entry: KnownHostsEntry }
  | { status: 'unknown' };

/** The entries of one known_hosts file's text; comments, blank and malformed lines are skipped. */
export function parseKnownHosts(text: string, file: string): KnownHostsEntry[] {
  const out: KnownHostsEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) return;
    let marker: KnownHostsEntry['marker'];
    if (fields[0].startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return;
    }
    const [hosts, keyType, b64] = fields;
    if (!hosts || !keyType || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return;
    const key = Buffer.from(b64, 'base64');
    if (sshKeyType(key) !== keyType) return; // the blob names its own type: a mismatch is a broken line
    out.push({ file, line: i + 1, ...(marker ? { marker } : {}), hosts, keyType, key });
  });
  return out;
}

/** The key type a key blob starts with (its first SSH string), or undefined when it is malformed. */
export function sshKeyType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || blob.length < 4 + len) return undefined;
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** OpenSSH's fingerprint: `SHA256:` + unpadded base64 of the blob's SHA-256. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The name known_hosts records for a host: `host` on port 22, else `[host]:port`. */
export function lookupName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

function hashedMatch(field: string, name: string): boolean {
  const m = /^\|1\|([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)$/.exec(field);
  if (!m) return false;
  const want = Buffer.from(m[2]!, 'base64');
  const got = createHmac('sha1', Buffer.from(m[1]!, 'base64')).update(name).digest();
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Whether an entry's host field names `host` on `port` (a negated pattern that matches excludes it). */
export function hostsMatch(hosts: string, host: string, port: number): boolean {
  const name = lookupName(host, port);
  if (hosts.startsWith('|')) return hashedMatch(hosts, name);
  let matched = false;
  for (const pattern of hosts.split(',')) {
    if (!pattern) continue;
    if (pattern.startsWith('!')) {
      if (globMatch(pattern.slice(1), name)) return false;
    } else if (globMatch(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** What the entries say about `key` presented by `host`:`port`; @revoked wins, whatever its hosts. */
export function checkHostKey(
  entries: KnownHostsEntry[],
  host: string,
  port: number,
  key: Buffer,
): HostKeyVerdict {
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => e.marker === undefined && hostsMatch(e.hosts, host, port));
  const same = forHost.find((e) => e.key.equals(key));
  if (same) return { status: 'match', entry: same };
  const type = sshKeyType(key);
  const other = forHost.find((e) => e.keyType === type);
  return other ? { status: 'mismatch', entry: other } : { status: 'unknown' };
}

/** The files OpenSSH reads by default: the user's, then the system's. */
export function knownHostsFiles(homedir: string): string[] {
  return [
    path.join(homedir, '.ssh', 'known_hosts'),
    path.join(homedir, '.ssh', 'known_hosts2'),
    '/etc/ssh/ssh_known_hosts',
    '/etc/ssh/ssh_known_hosts2',
  ];
}

export function readKnownHosts(files: string[]): KnownHostsEntry[] {
  return files.flatMap((file) => {
    try {
      return parseKnownHosts(readFileSync(file, 'utf8'), file);
    } catch {
      return [];
    }
  });
}

/** Host key algorithms ssh2 can negotiate for each known_hosts key type, best first. */
const ALGORITHMS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/**
 * Host key algorithms to ask for first: those of the keys already known for the host (as OpenSSH
 * does), so a server with several keys presents one that can be checked.
 */
export function preferredAlgorithms(entries: KnownHostsEntry[], host: string, port: number): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (e.marker !== undefined || !hostsMatch(e.hosts, host, port)) continue;
    for (const a of ALGORITHMS[e.keyType] ?? []) if (!out.includes(a)) out.push(a);
  }
  return out;
}

export interface HostKeyCheck {
  /** For ssh2's `hostVerifier`: receives the raw key blob, true to continue. */
  verify: (key: Buffer) => boolean;
  /** Why the last key was refused (one line, and what to do), or undefined. */
  refusal(): { reason: string; hint: string } | undefined;
  /** Host key algorithms to put first (see preferredAlgorithms). */
  preferred: string[];
}

/** Refusal text for a verdict other than a match. */
export function refusalText(
  verdict: Exclude<HostKeyVerdict, { status: 'match' }>,
  target: { host: string; port: number; user?: string; homedir: string },
  key: Buffer,
): { reason: string; hint: string } {
  const show = (file: string) =>
    file.startsWith(target.homedir + path.sep) ? `~${file.slice(target.homedir.length)}` : file;
  const what = `the SSH host key of ${lookupName(target.host, target.port)} (${sshKeyType(key) ?? 'unknown type'} ${fingerprint(key)})`;
  const ssh = `ssh ${target.port === 22 ? '' : `-p ${target.port} `}${target.user ? `${target.user}@` : ''}${target.host}`;
  if (verdict.status === 'unknown') {
    return {
      reason: `${what} is not in ~/.ssh/known_hosts: connect once with \`${ssh}\` to check and accept it`,
      hint: `connect once with \`${ssh}\`, compare the fingerprint with the one the server's administrator gives, and accept it`,
    };
  }
  const where = `${show(verdict.entry.file)}:${verdict.entry.line}`;
  if (verdict.status === 'revoked') {
    return {
      reason: `${what} is marked @revoked in ${where}: refusing to connect`,
      hint: "the server's key was revoked: ask its administrator for the current one",
    };
  }
  return {
    reason: `${what} does not match the ${verdict.entry.keyType} key recorded for it in ${where}: the server's key changed, or someone is intercepting the connection`,
    hint: `ask the server's administrator whether its key changed; if so, remove the old one with \`ssh-keygen -R ${lookupName(target.host, target.port)}\` and connect once with \`${ssh}\``,
  };
}

/** A host key check for `host`:`port` against `files` (read again at each connection). */
export function hostKeyCheck(target: {
  host: string;
  port: number;
  user?: string;
  homedir: string;
  files?: string[];
}): HostKeyCheck {
  const files = target.files ?? knownHostsFiles(target.homedir);
  let refused: { reason: string; hint: string } | undefined;
  return {
    verify: (key: Buffer) => {
      const verdict = checkHostKey(readKnownHosts(files), target.host, target.port, key);
      refused = verdict.status === 'match' ? undefined : refusalText(verdict, target, key);
      return verdict.status === 'match';
    },
    refusal: () => refused,
    preferred: preferredAlgorithms(readKnownHosts(files), target.host, target.port),
  };
}
