// known_hosts parsing and matching for DOCKER_HOST=ssh://…, with keys generated here and a few lines
// produced by OpenSSH itself (ssh-keygen -H / -l) as fixed vectors.
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostKeyRefusal, modemOptions } from '../../electron/core/exec/docker/engine';
import {
  checkHostKey,
  fingerprint,
  hostKeyCheck,
  hostsMatch,
  parseKnownHosts,
  preferredAlgorithms,
  sshKeyType,
} from '../../electron/core/exec/docker/known-hosts';

const sshString = (b: Buffer | string) => {
  const body = Buffer.from(b);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
};

/** A fresh ed25519 public key in SSH wire format: string "ssh-ed25519" + string <32 bytes>. */
function ed25519(): { blob: Buffer; line: string } {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  expect(raw.length).toBe(32);
  const blob = Buffer.concat([sshString('ssh-ed25519'), sshString(raw)]);
  return { blob, line: `ssh-ed25519 ${blob.toString('base64')}` };
}

/** A blob of another type (only the type string matters to the matcher). */
function fakeKey(type: string): { blob: Buffer; line: string } {
  const blob = Buffer.concat([sshString(type), sshString(randomBytes(65))]);
  return { blob, line: `${type} ${blob.toString('base64')}` };
}

const hashedName = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

// From OpenSSH: `ssh-keygen -t ed25519`, then `ssh-keygen -H` of "box.example.org KEY" and
// "[box.example.org]:2222 KEY", and `ssh-keygen -l` for the fingerprint.
const OPENSSH_KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIKjFNMCJe9vFIpAXEfrZdIr3mXX1dxlf1KIjU7SrztPH';
const OPENSSH_FINGERPRINT = 'SHA256:l79E9jsuVV2yd5EuGvDVejvVWmNqWBA+lCJCWuoHkHU';
const OPENSSH_HASHED = [
  `|1|tvhHzCjzhw8UApGYGcAP5ecMbGE=|xFn3Cv6mlgLb7WBJOmt2Ydat6pI= ssh-ed25519 ${OPENSSH_KEY}`,
  `|1|6yLFJo7w1YFMT9KVCKvKmuFtiuk=|viYmRIXf2oaNgWl0V4RbUqCWSJk= ssh-ed25519 ${OPENSSH_KEY}`,
].join('\n');

describe('parseKnownHosts', () => {
  it('reads plain, hashed and marked lines; skips comments, blanks and broken lines', () => {
    const k = ed25519();
    const text = [
      '# a comment',
      '',
      `a.example,b.example ${k.line} me@laptop`,
      `@revoked * ${k.line}`,
      `@cert-authority *.example ${k.line}`,
      `@unknown-marker x.example ${k.line}`,
      'only-a-host',
      `c.example ssh-rsa ${k.blob.toString('base64')}`, // the blob says ed25519: broken
      `c.example ssh-ed25519 not*base64`,
      `  [d.example]:2222\t${k.line}\r`,
    ].join('\n');
    const entries = parseKnownHosts(text, '/h/.ssh/known_hosts');
    expect(entries.map((e) => [e.line, e.marker ?? '', e.hosts, e.keyType])).toEqual([
      [3, '', 'a.example,b.example', 'ssh-ed25519'],
      [4, 'revoked', '*', 'ssh-ed25519'],
      [5, 'cert-authority', '*.example', 'ssh-ed25519'],
      [10, '', '[d.example]:2222', 'ssh-ed25519'],
    ]);
    expect(entries[0]!.key.equals(k.blob)).toBe(true);
    expect(entries[0]!.file).toBe('/h/.ssh/known_hosts');
  });

  it('reads the key type from the blob and makes OpenSSH’s fingerprint', () => {
    const blob = Buffer.from(OPENSSH_KEY, 'base64');
    expect(sshKeyType(blob)).toBe('ssh-ed25519');
    expect(fingerprint(blob)).toBe(OPENSSH_FINGERPRINT);
    expect(sshKeyType(Buffer.from([0, 0, 0, 9, 1]))).toBeUndefined();
  });
});

describe('hostsMatch', () => {
  it('plain names, lists, case, wildcards and negation', () => {
    expect(hostsMatch('box.example', 'box.example', 22)).toBe(true);
    expect(hostsMatch('box.example', 'BOX.example', 22)).toBe(true);
    expect(hostsMatch('other,box.example,10.0.0.5', 'box.example', 22)).toBe(true);
    expect(hostsMatch('other,10.0.0.5', 'box.example', 22)).toBe(false);
    expect(hostsMatch('box.example', 'box.examplex', 22)).toBe(false);
    expect(hostsMatch('box.exampl?', 'box.example', 22)).toBe(true);
    expect(hostsMatch('*.example', 'box.example', 22)).toBe(true);
    expect(hostsMatch('*.example,!box.example', 'box.example', 22)).toBe(false);
    expect(hostsMatch('*.example,!box.example', 'tub.example', 22)).toBe(true);
    expect(hostsMatch('box.example', 'boxaexample', 22)).toBe(false); // a dot is not a wildcard
  });

  it('ports other than 22 only as [host]:port', () => {
    expect(hostsMatch('box.example', 'box.example', 2222)).toBe(false);
    expect(hostsMatch('[box.example]:2222', 'box.example', 2222)).toBe(true);
    expect(hostsMatch('[box.example]:2222', 'box.example', 22)).toBe(false);
    expect(hostsMatch('[box.example]:2223', 'box.example', 2222)).toBe(false);
    expect(hostsMatch('[box.example]:22', 'box.example', 22)).toBe(false); // OpenSSH writes plain names for 22
    expect(hostsMatch('[::1]:2222', '::1', 2222)).toBe(true);
  });

  it('hashed names: HMAC-SHA1 of the name with the salt, including OpenSSH’s own', () => {
    expect(hostsMatch(hashedName('box.example'), 'box.example', 22)).toBe(true);
    expect(hostsMatch(hashedName('box.example'), 'tub.example', 22)).toBe(false);
    expect(hostsMatch(hashedName('[box.example]:2222'), 'box.example', 2222)).toBe(true);
    expect(hostsMatch(hashedName('[box.example]:2222'), 'box.example', 22)).toBe(false);
    const [plain22, port2222] = parseKnownHosts(OPENSSH_HASHED, 'kh');
    expect(hostsMatch(plain22!.hosts, 'box.example.org', 22)).toBe(true);
    expect(hostsMatch(plain22!.hosts, 'box.example.org', 2222)).toBe(false);
    expect(hostsMatch(port2222!.hosts, 'box.example.org', 2222)).toBe(true);
    expect(hostsMatch(port2222!.hosts, 'box.example.com', 2222)).toBe(false);
    expect(hostsMatch('|1|bad|', 'box.example', 22)).toBe(false);
  });
});

describe('checkHostKey', () => {
  const k = ed25519();
  const other = ed25519();
  const ecdsa = fakeKey('ecdsa-sha2-nistp256');

  it('a known key matches; a different key of the same type is a mismatch; none known is unknown', () => {
    const entries = parseKnownHosts(`box.example ${k.line}\ntub.example ${other.line}`, 'kh');
    expect(checkHostKey(entries, 'box.example', 22, k.blob)).toMatchObject({ status: 'match' });
    expect(checkHostKey(entries, 'box.example', 22, other.blob)).toMatchObject({
      status: 'mismatch',
      entry: { line: 1 },
    });
    expect(checkHostKey(entries, 'nobody.example', 22, k.blob)).toEqual({ status: 'unknown' });
    // another port of the same host is another host
    expect(checkHostKey(entries, 'box.example', 2222, k.blob)).toEqual({ status: 'unknown' });
    // a key of a type not recorded for the host is not a mismatch, only unknown
    expect(checkHostKey(entries, 'box.example', 22, ecdsa.blob)).toEqual({ status: 'unknown' });
  });

  it('OpenSSH’s hashed lines match the key they were made for', () => {
    const entries = parseKnownHosts(OPENSSH_HASHED, 'kh');
    const blob = Buffer.from(OPENSSH_KEY, 'base64');
    expect(checkHostKey(entries, 'box.example.org', 22, blob)).toMatchObject({ status: 'match' });
    expect(checkHostKey(entries, 'box.example.org', 2222, blob)).toMatchObject({ status: 'match' });
    expect(checkHostKey(entries, 'box.example.org', 2222, k.blob)).toMatchObject({ status: 'mismatch' });
  });

  it('@revoked refuses the key even where another line accepts it', () => {
    const entries = parseKnownHosts(`box.example ${k.line}\n@revoked * ${k.line}`, 'kh');
    expect(checkHostKey(entries, 'box.example', 22, k.blob)).toMatchObject({
      status: 'revoked',
      entry: { line: 2 },
    });
    expect(checkHostKey(entries, 'box.example', 22, other.blob)).toMatchObject({ status: 'mismatch' });
  });

  it('@cert-authority lines are not host keys (certificates are not supported)', () => {
    const entries = parseKnownHosts(`@cert-authority box.example ${k.line}`, 'kh');
    expect(checkHostKey(entries, 'box.example', 22, k.blob)).toEqual({ status: 'unknown' });
  });
});

describe('hostKeyCheck and the ssh engine options', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'pw-kh-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const k = ed25519();
  const other = ed25519();
  const ecdsa = fakeKey('ecdsa-sha2-nistp256');
  const rsa = fakeKey('ssh-rsa');
  const file = path.join(home, '.ssh', 'known_hosts');
  mkdirSync(path.dirname(file));

  it('accepts a known key and refuses an unknown one with one line saying what to do', () => {
    writeFileSync(file, `[box.example]:2222 ${k.line}\n`);
    const check = hostKeyCheck({ host: 'box.example', port: 2222, user: 'me', homedir: home, files: [file] });
    expect(check.verify(k.blob)).toBe(true);
    expect(check.refusal()).toBeUndefined();
    const stranger = hostKeyCheck({ host: 'tub.example', port: 22, homedir: home, files: [file] });
    expect(stranger.verify(k.blob)).toBe(false);
    expect(stranger.refusal()).toEqual({
      reason: `the SSH host key of tub.example (ssh-ed25519 ${fingerprint(k.blob)}) is not in ~/.ssh/known_hosts: connect once with \`ssh tub.example\` to check and accept it`,
      hint: expect.stringContaining('compare the fingerprint'),
    });
  });

  it('says when the key changed, and where the old one is', () => {
    writeFileSync(file, `# hosts\n[box.example]:2222 ${k.line}\n`);
    const check = hostKeyCheck({ host: 'box.example', port: 2222, user: 'me', homedir: home, files: [file] });
    expect(check.verify(other.blob)).toBe(false);
    const refusal = check.refusal()!;
    expect(refusal.reason).toBe(
      `the SSH host key of [box.example]:2222 (ssh-ed25519 ${fingerprint(other.blob)}) does not match the ssh-ed25519 key recorded for it in ~/.ssh/known_hosts:2: the server's key changed, or someone is intercepting the connection`,
    );
    expect(refusal.hint).toContain('ssh-keygen -R [box.example]:2222');
    expect(refusal.hint).toContain('ssh -p 2222 me@box.example');
    expect(check.verify(k.blob)).toBe(true); // the file is read again at each connection
    expect(check.refusal()).toBeUndefined();
  });

  it('refuses a revoked key', () => {
    writeFileSync(file, `box.example ${k.line}\n@revoked * ${k.line}\n`);
    const check = hostKeyCheck({ host: 'box.example', port: 22, homedir: home, files: [file] });
    expect(check.verify(k.blob)).toBe(false);
    expect(check.refusal()?.reason).toMatch(
      /is marked @revoked in ~\/\.ssh\/known_hosts:2: refusing to connect$/,
    );
  });

  it('asks first for the key types known for the host', () => {
    const text = `box.example ${ecdsa.line}\nbox.example ${rsa.line}\nother.example ${k.line}\n`;
    expect(preferredAlgorithms(parseKnownHosts(text, 'kh'), 'box.example', 22)).toEqual([
      'ecdsa-sha2-nistp256',
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
    expect(preferredAlgorithms(parseKnownHosts(text, 'kh'), 'nobody.example', 22)).toEqual([]);
  });

  it('modemOptions passes the verifier (and the preference) to docker-modem for ssh:// hosts', () => {
    writeFileSync(file, `[box.example]:2222 ${ecdsa.line}\n`);
    const opts = modemOptions({ host: 'ssh://me@box.example:2222', source: 'DOCKER_HOST' }, {}, home);
    const ssh = (opts as { sshOptions: Record<string, unknown> }).sshOptions;
    expect(ssh.algorithms).toEqual({
      serverHostKey: { remove: ['ecdsa-sha2-nistp256'], prepend: ['ecdsa-sha2-nistp256'] },
    });
    const verify = ssh.hostVerifier as (key: Buffer) => boolean;
    expect(hostKeyRefusal(opts)).toBeUndefined();
    expect(verify(ecdsa.blob)).toBe(true);
    expect(verify(k.blob)).toBe(false);
    expect(hostKeyRefusal(opts)?.reason).toContain(
      'the SSH host key of [box.example]:2222 (ssh-ed25519 SHA256:',
    );
    const plain = modemOptions({ host: 'tcp://box.example:2375', source: 'DOCKER_HOST' }, {}, home);
    expect(hostKeyRefusal(plain)).toBeUndefined();
  });
});
