import Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  contextCandidate,
  detectEngine,
  engineCandidates,
  isRemoteHost,
  modemOptions,
} from '../../electron/core/exec/docker/engine';

let home: string;

beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'pw-engine-home-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(home, { recursive: true, force: true });
});

function writeContext(configDir: string, name: string, host: string, current = true): string {
  mkdirSync(configDir, { recursive: true });
  if (current) writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentContext: name }));
  const id = createHash('sha256').update(name).digest('hex');
  const metaDir = path.join(configDir, 'contexts', 'meta', id);
  mkdirSync(metaDir, { recursive: true });
  writeFileSync(
    path.join(metaDir, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
  );
  return id;
}

describe('engineCandidates', () => {
  it('lists the well-known sockets in order when nothing is configured', () => {
    const hosts = engineCandidates({}, home, 'linux').map((c) => c.host);
    expect(hosts).toEqual([
      'unix:///var/run/docker.sock',
      `unix://${home}/.docker/run/docker.sock`,
      `unix://${home}/.colima/default/docker.sock`,
      `unix://${home}/.rd/docker.sock`,
    ]);
    expect(engineCandidates({}, home, 'linux').every((c) => c.source === 'default')).toBe(true);
  });

  it('adds XDG_RUNTIME_DIR docker and podman sockets last', () => {
    const hosts = engineCandidates({ XDG_RUNTIME_DIR: '/run/user/1000' }, home, 'linux').map((c) => c.host);
    expect(hosts.slice(-2)).toEqual([
      'unix:///run/user/1000/docker.sock',
      'unix:///run/user/1000/podman/podman.sock',
    ]);
  });

  it('uses only DOCKER_HOST when it is set, like the docker CLI', () => {
    writeContext(path.join(home, '.docker'), 'colima', 'unix:///Users/me/.colima/default/docker.sock');
    const c = engineCandidates({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }, home, 'darwin');
    expect(c).toEqual([{ host: 'tcp://10.0.0.5:2375', source: 'DOCKER_HOST' }]);
  });

  it('uses only the chosen context when there is no DOCKER_HOST', () => {
    writeContext(path.join(home, '.docker'), 'colima', 'unix:///Users/me/.colima/default/docker.sock');
    expect(engineCandidates({}, home, 'darwin')).toEqual([
      { host: 'unix:///Users/me/.colima/default/docker.sock', source: 'context' },
    ]);
  });

  it('treats a DOCKER_HOST without a scheme as tcp and records TLS verification', () => {
    const [c] = engineCandidates({ DOCKER_HOST: 'build-box:2376', DOCKER_TLS_VERIFY: '1' }, home, 'linux');
    expect(c).toMatchObject({ host: 'tcp://build-box:2376', source: 'DOCKER_HOST', tls: true });
  });

  it('uses the named pipe on Windows', () => {
    expect(engineCandidates({}, home, 'win32').map((c) => c.host)).toEqual([
      'npipe:////./pipe/docker_engine',
    ]);
  });
});

describe('contextCandidate', () => {
  it('reads currentContext from config.json and the meta file named by its sha256', () => {
    const id = writeContext(path.join(home, '.docker'), 'remote-box', 'ssh://me@box.example');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(contextCandidate({}, home)).toEqual({ host: 'ssh://me@box.example', source: 'context' });
  });

  it('honours DOCKER_CONTEXT and DOCKER_CONFIG', () => {
    const cfg = path.join(home, 'elsewhere');
    writeContext(cfg, 'a', 'unix:///a.sock');
    writeContext(cfg, 'b', 'unix:///b.sock', false);
    expect(contextCandidate({ DOCKER_CONFIG: cfg }, home)?.host).toBe('unix:///a.sock');
    expect(contextCandidate({ DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'b' }, home)?.host).toBe('unix:///b.sock');
  });

  it('ignores the default context, missing files and broken JSON', () => {
    expect(contextCandidate({}, home)).toBeUndefined();
    const cfg = path.join(home, '.docker');
    mkdirSync(cfg, { recursive: true });
    writeFileSync(path.join(cfg, 'config.json'), JSON.stringify({ currentContext: 'default' }));
    expect(contextCandidate({}, home)).toBeUndefined();
    writeFileSync(path.join(cfg, 'config.json'), '{not json');
    expect(contextCandidate({}, home)).toBeUndefined();
    writeFileSync(path.join(cfg, 'config.json'), JSON.stringify({ currentContext: 'gone' }));
    expect(contextCandidate({}, home)).toBeUndefined();
  });

  it('picks up TLS material stored with the context', () => {
    const cfg = path.join(home, '.docker');
    const id = writeContext(cfg, 'tls-box', 'tcp://tls-box:2376');
    const tlsDir = path.join(cfg, 'contexts', 'tls', id, 'docker');
    mkdirSync(tlsDir, { recursive: true });
    writeFileSync(path.join(tlsDir, 'ca.pem'), 'CA');
    expect(contextCandidate({}, home)).toEqual({
      host: 'tcp://tls-box:2376',
      source: 'context',
      tls: true,
      tlsDir,
    });
  });
});

describe('isRemoteHost', () => {
  it.each([
    ['unix:///var/run/docker.sock', false],
    ['npipe:////./pipe/docker_engine', false],
    ['tcp://127.0.0.1:2375', false],
    ['tcp://127.3.2.1:2375', false],
    ['tcp://localhost:2375', false],
    ['tcp://[::1]:2375', false],
    ['tcp://10.0.0.5:2375', true],
    ['tcp://docker.internal.example:2376', true],
    ['ssh://me@box.example', true],
    ['ssh://me@localhost', false],
  ])('%s → %s', (host, remote) => {
    expect(isRemoteHost(host)).toBe(remote);
  });
});

describe('modemOptions', () => {
  it('maps unix, tcp and ssh hosts', () => {
    expect(modemOptions({ host: 'unix:///x/docker.sock', source: 'default' }, {}, home).socketPath).toBe(
      '/x/docker.sock',
    );
    expect(modemOptions({ host: 'tcp://10.0.0.5:2375', source: 'DOCKER_HOST' }, {}, home)).toMatchObject({
      protocol: 'http',
      host: '10.0.0.5',
      port: '2375',
    });
    expect(modemOptions({ host: 'ssh://me@box.example:2222', source: 'context' }, {}, home)).toMatchObject({
      protocol: 'ssh',
      host: 'box.example',
      port: '2222',
      username: 'me',
    });
  });

  it('loads TLS files from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY=1', () => {
    const certs = path.join(home, 'certs');
    mkdirSync(certs);
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(path.join(certs, f), f);
    const env = { DOCKER_HOST: 'tcp://box:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs };
    const [c] = engineCandidates(env, home, 'linux');
    const o = modemOptions(c!, env, home);
    expect(o.protocol).toBe('https');
    expect(String(o.ca)).toBe('ca.pem');
    expect(String(o.key)).toBe('key.pem');
  });

  it('is not overridden by docker-modem defaults taken from process.env.DOCKER_HOST', () => {
    vi.stubEnv('DOCKER_HOST', 'tcp://10.9.9.9:2375');
    const docker = new Docker(modemOptions({ host: 'unix:///x/docker.sock', source: 'default' }, {}, home));
    const modem = docker.modem as unknown as { host?: string; socketPath?: string };
    expect(modem.host).toBeUndefined();
    expect(modem.socketPath).toBe('/x/docker.sock');
  });
});

describe('detectEngine failures', () => {
  it('reports no engine with a reason and a hint when no candidate exists', async () => {
    const sock = path.join(home, 'nope', 'docker.sock');
    const r = await detectEngine({
      candidates: [{ host: `unix://${sock}`, source: 'default' }],
      platform: 'linux',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe(`no Docker engine found (tried ${sock})`);
    expect(r.hint).toMatch(/systemctl start docker/);
    expect(r.tried).toEqual([`unix://${sock}`]);
  });

  it('only looks at the given env and homedir', async () => {
    const r = await detectEngine({
      env: { DOCKER_HOST: `unix://${home}/a.sock` },
      homedir: home,
      platform: 'win32',
      timeoutMs: 300,
    });
    // an explicit DOCKER_HOST is the only candidate, even though /var/run/docker.sock answers here
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.tried).toEqual([`unix://${home}/a.sock`]);
    expect(r.hint).toMatch(/Docker Desktop/);
  });

  it('says which engine did not answer: refused TCP port', async () => {
    const srv = net.createServer();
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise((resolve) => srv.close(resolve));
    const r = await detectEngine({
      candidates: [{ host: `tcp://127.0.0.1:${port}`, source: 'DOCKER_HOST' }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe(
      `Docker engine at tcp://127.0.0.1:${port} did not answer: connection refused (is the daemon running?)`,
    );
  });

  it('gives up on a silent socket after timeoutMs', async () => {
    const sock = path.join(home, 'silent.sock');
    const held: net.Socket[] = [];
    const srv = net.createServer((s) => held.push(s)); // accepts, never answers
    await new Promise<void>((resolve) => srv.listen(sock, resolve));
    try {
      const t0 = Date.now();
      const r = await detectEngine({
        candidates: [{ host: `unix://${sock}`, source: 'default' }],
        timeoutMs: 300,
      });
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.reason).toBe(`Docker engine at unix://${sock} did not answer: no answer within 300 ms`);
    } finally {
      held.forEach((s) => s.destroy());
      await new Promise((resolve) => srv.close(resolve));
    }
  });

  it('recognises something that is not a Docker API', async () => {
    const sock = path.join(home, 'web.sock');
    const srv = http.createServer((_req, res) => res.writeHead(404).end('nope'));
    await new Promise<void>((resolve) => srv.listen(sock, resolve));
    try {
      const r = await detectEngine({ candidates: [{ host: `unix://${sock}`, source: 'default' }] });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.reason).toMatch(/did not answer: unexpected HTTP 404/);
      expect(r.reason).not.toContain('\n');
    } finally {
      srv.closeAllConnections();
      await new Promise((resolve) => srv.close(resolve));
    }
  });
});
