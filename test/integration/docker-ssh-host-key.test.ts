// DOCKER_HOST=ssh://… checks the server's host key against known_hosts, with a real SSH server on
// loopback (ssh2's Server, a generated ed25519 host key). It does not speak Docker: with the key
// known, the probe gets past the host key and authentication, asks for `docker system dial-stdio`,
// and then fails for another reason.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Server, utils } from 'ssh2';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { detectEngine, type EngineProbe } from '../../electron/core/exec/docker/engine';
import { fingerprint } from '../../electron/core/exec/docker/known-hosts';

const hostKey = utils.generateKeyPairSync('ed25519');
const impostorKey = utils.generateKeyPairSync('ed25519');
/** "ssh-ed25519 AAAA…" without the comment. */
const keyField = (pub: string) => pub.trim().split(/\s+/).slice(0, 2).join(' ');

let server: Server;
let port: number;
let home: string;
let knownHosts: string;
const seen = { authentications: 0, execs: [] as string[] };

beforeAll(async () => {
  server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      seen.authentications++;
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          seen.execs.push(info.command);
          const stream = acceptExec();
          stream.write('this is not a Docker engine\r\n\r\n');
          stream.exit(1);
          stream.end();
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  home = mkdtempSync(path.join(os.tmpdir(), 'pw-ssh-home-'));
  mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
  knownHosts = path.join(home, '.ssh', 'known_hosts');
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (home) rmSync(home, { recursive: true, force: true });
});

beforeEach(() => {
  seen.authentications = 0;
  seen.execs = [];
  vi.unstubAllEnvs();
});

/** Probes ssh://tester@127.0.0.1:<port> as the app would, with HOME pointing to the temporary home. */
async function probeSsh(): Promise<EngineProbe> {
  vi.stubEnv('HOME', home);
  expect(os.homedir()).toBe(home);
  return detectEngine({ env: { DOCKER_HOST: `ssh://tester@127.0.0.1:${port}` }, timeoutMs: 10_000 });
}

const serverFingerprint = () => fingerprint(Buffer.from(keyField(hostKey.public).split(' ')[1]!, 'base64'));

describe('the SSH host key of the engine', () => {
  it('an unknown key refuses the connection with one line, before authenticating', async () => {
    writeFileSync(knownHosts, '');
    const probe = await probeSsh();
    expect(probe.ok).toBe(false);
    if (probe.ok) return;
    expect(probe.reason).toBe(
      `the SSH host key of [127.0.0.1]:${port} (ssh-ed25519 ${serverFingerprint()}) is not in ~/.ssh/known_hosts: ` +
        `connect once with \`ssh -p ${port} tester@127.0.0.1\` to check and accept it`,
    );
    expect(probe.hint).toContain(`ssh -p ${port} tester@127.0.0.1`);
    expect(seen).toEqual({ authentications: 0, execs: [] });
  });

  it('a key recorded for the host without its port does not count (another port is another host)', async () => {
    writeFileSync(knownHosts, `127.0.0.1 ${keyField(hostKey.public)}\n`);
    const probe = await probeSsh();
    expect(probe.ok === false && probe.reason).toMatch(/is not in ~\/\.ssh\/known_hosts/);
    expect(seen.execs).toEqual([]);
  });

  it('a different key on record: refused as changed, naming the line', async () => {
    writeFileSync(knownHosts, `# mine\n[127.0.0.1]:${port} ${keyField(impostorKey.public)}\n`);
    const probe = await probeSsh();
    expect(probe.ok === false && probe.reason).toBe(
      `the SSH host key of [127.0.0.1]:${port} (ssh-ed25519 ${serverFingerprint()}) does not match the ssh-ed25519 key ` +
        `recorded for it in ~/.ssh/known_hosts:2: the server's key changed, or someone is intercepting the connection`,
    );
    expect(seen).toEqual({ authentications: 0, execs: [] });
  });

  it('a revoked key is refused even when it is also recorded for the host', async () => {
    const key = keyField(hostKey.public);
    writeFileSync(knownHosts, `[127.0.0.1]:${port} ${key}\n@revoked * ${key}\n`);
    const probe = await probeSsh();
    expect(probe.ok === false && probe.reason).toMatch(
      /is marked @revoked in ~\/\.ssh\/known_hosts:2: refusing to connect$/,
    );
    expect(seen.execs).toEqual([]);
  });

  it('the known key (plain or hashed entry) gets past host verification to the Docker request', async () => {
    const name = `[127.0.0.1]:${port}`;
    const salt = randomBytes(20);
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
    for (const line of [`${name} ${keyField(hostKey.public)}`, `${hashed} ${keyField(hostKey.public)}`]) {
      writeFileSync(knownHosts, `${line}\n`);
      seen.execs = [];
      const probe = await probeSsh();
      // The test server is not Docker: the probe fails, but not on the host key.
      expect(probe.ok).toBe(false);
      if (probe.ok) return;
      expect(probe.reason).not.toMatch(/host key|known_hosts/i);
      expect(probe.reason).toContain(`Docker engine at ssh://tester@127.0.0.1:${port} did not answer`);
      expect(seen.execs).toContain('docker system dial-stdio');
    }
  });
});
