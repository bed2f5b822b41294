// Finds a Docker (or Podman, Colima, Rancher Desktop) engine and connects to it with dockerode.
// The candidate list is a pure function of env + homedir so it can be tested without a daemon.
import Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostKeyCheck, type HostKeyCheck } from './known-hosts';

export interface EngineInfo {
  host: string;
  source: 'DOCKER_HOST' | 'context' | 'default';
  remote: boolean;
  serverVersion: string;
  os: string;
  arch: string;
  cgroupVersion?: string;
  memTotal?: number;
  ncpu?: number;
}

export type EngineProbe =
  | { ok: true; docker: Docker; info: EngineInfo }
  | { ok: false; reason: string; hint: string; tried: string[] };

export interface EngineCandidate {
  /** URL form: unix:///path, npipe:////./pipe/name, tcp://host:port, ssh://user@host */
  host: string;
  source: EngineInfo['source'];
  /** For context endpoints: directory holding ca.pem/cert.pem/key.pem, when the context has TLS material. */
  tlsDir?: string;
  /** TLS for tcp hosts: DOCKER_TLS_VERIFY for DOCKER_HOST, the context's TLS material for contexts. */
  tls?: boolean;
}

export interface DetectOptions {
  env?: NodeJS.ProcessEnv;
  homedir?: string;
  timeoutMs?: number;
  platform?: NodeJS.Platform;
  /** Probe exactly these instead of engineCandidates(env, homedir). */
  candidates?: EngineCandidate[];
}

const WINDOWS_PIPE = '//./pipe/docker_engine';

/** Docker config dir: $DOCKER_CONFIG or ~/.docker. */
function dockerConfigDir(env: NodeJS.ProcessEnv, homedir: string): string {
  return env.DOCKER_CONFIG || path.join(homedir, '.docker');
}

/** The endpoint of the current docker context, or undefined for the implicit "default" context. */
export function contextCandidate(env: NodeJS.ProcessEnv, homedir: string): EngineCandidate | undefined {
  const configDir = dockerConfigDir(env, homedir);
  let name = env.DOCKER_CONTEXT;
  if (!name) {
    try {
      const config = JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8')) as {
        currentContext?: unknown;
      };
      if (typeof config.currentContext === 'string') name = config.currentContext;
    } catch {
      return undefined;
    }
  }
  if (!name || name === 'default') return undefined;
  const id = createHash('sha256').update(name).digest('hex');
  try {
    const meta = JSON.parse(
      readFileSync(path.join(configDir, 'contexts', 'meta', id, 'meta.json'), 'utf8'),
    ) as {
      Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } };
    };
    const host = meta.Endpoints?.docker?.Host;
    if (typeof host !== 'string' || !host) return undefined;
    const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
    const hasTls = existsSync(path.join(tlsDir, 'ca.pem')) || existsSync(path.join(tlsDir, 'cert.pem'));
    return hasTls ? { host, source: 'context', tls: true, tlsDir } : { host, source: 'context' };
  } catch {
    return undefined;
  }
}

/**
 * Engine endpoints to try. As with the docker CLI, an explicit DOCKER_HOST, or else a chosen
 * context, is the only candidate: silently using another engine than the one configured
 * would surprise. Without either, the usual sockets are tried in order.
 */
export function engineCandidates(
  env: NodeJS.ProcessEnv,
  homedir: string,
  platform: NodeJS.Platform = process.platform,
): EngineCandidate[] {
  const out: EngineCandidate[] = [];
  const add = (c: EngineCandidate) => {
    if (!out.some((o) => o.host === c.host)) out.push(c);
  };
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) {
    const host = dockerHost.includes('://') ? dockerHost : `tcp://${dockerHost}`;
    return [{ host, source: 'DOCKER_HOST', tls: env.DOCKER_TLS_VERIFY === '1' || undefined }];
  }
  const ctx = contextCandidate(env, homedir);
  if (ctx) return [ctx];
  if (platform === 'win32') {
    add({ host: `npipe://${WINDOWS_PIPE}`, source: 'default' });
    return out;
  }
  const sock = (p: string) => add({ host: `unix://${p}`, source: 'default' });
  sock('/var/run/docker.sock');
  sock(path.join(homedir, '.docker', 'run', 'docker.sock'));
  sock(path.join(homedir, '.colima', 'default', 'docker.sock'));
  sock(path.join(homedir, '.rd', 'docker.sock'));
  if (env.XDG_RUNTIME_DIR) {
    sock(path.join(env.XDG_RUNTIME_DIR, 'docker.sock'));
    sock(path.join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'));
  }
  return out;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|0:0:0:0:0:0:0:1)$/i;

/** True for tcp:// and ssh:// hosts that are not loopback: bind mounts there would not see local files. */
export function isRemoteHost(host: string): boolean {
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(host)?.[1]?.toLowerCase() ?? 'tcp';
  if (scheme !== 'tcp' && scheme !== 'ssh' && scheme !== 'http' && scheme !== 'https') return false;
  try {
    const url = new URL(host.includes('://') ? host : `tcp://${host}`);
    return !LOOPBACK.test(url.hostname);
  } catch {
    return true;
  }
}

const hostKeyChecks = new WeakMap<Docker.DockerOptions, HostKeyCheck>();

/** Why the SSH host key was refused on a connection made with these options, if it was. */
export function hostKeyRefusal(options: Docker.DockerOptions): { reason: string; hint: string } | undefined {
  return hostKeyChecks.get(options)?.refusal();
}

/** dockerode options for one candidate. Every connection field is set explicitly (possibly undefined)
 * because docker-modem merges its own defaults derived from process.env.DOCKER_HOST. For ssh:// the
 * server's host key must be in known_hosts (known-hosts.ts): docker-modem alone would accept any. */
export function modemOptions(
  c: EngineCandidate,
  env: NodeJS.ProcessEnv,
  homedir: string,
): Docker.DockerOptions {
  const blank: Docker.DockerOptions = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    username: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
  };
  const m = /^([a-z0-9+.-]+):\/\/(.*)$/i.exec(c.host);
  const scheme = m?.[1]?.toLowerCase();
  const rest = m?.[2] ?? '';
  if (scheme === 'unix') return { ...blank, socketPath: rest || '/var/run/docker.sock' };
  if (scheme === 'npipe') return { ...blank, socketPath: rest || WINDOWS_PIPE };
  if (scheme !== 'tcp' && scheme !== 'ssh' && scheme !== 'http' && scheme !== 'https') {
    throw new Error(`unsupported Docker host ${c.host} (expected unix://, tcp://, npipe:// or ssh://)`);
  }
  const url = new URL(c.host);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (scheme === 'ssh') {
    const username = decodeURIComponent(url.username) || undefined;
    const check = hostKeyCheck({ host: hostname, port: Number(url.port) || 22, user: username, homedir });
    const options = {
      ...blank,
      protocol: 'ssh',
      host: hostname,
      port: url.port || 22,
      username,
      sshOptions: {
        agent: env.SSH_AUTH_SOCK,
        hostVerifier: check.verify,
        // remove + prepend: the key types known_hosts has for this host are asked for first
        ...(check.preferred.length
          ? { algorithms: { serverHostKey: { remove: check.preferred, prepend: check.preferred } } }
          : {}),
      },
    } as Docker.DockerOptions;
    hostKeyChecks.set(options, check);
    return options;
  }
  const tls = scheme === 'https' || c.tls === true || url.port === '2376';
  const opts: Docker.DockerOptions = {
    ...blank,
    protocol: tls ? 'https' : 'http',
    host: hostname,
    port: url.port || (tls ? 2376 : 2375),
  };
  if (tls) {
    const certDir =
      c.tlsDir ??
      (c.source === 'DOCKER_HOST' ? env.DOCKER_CERT_PATH : undefined) ??
      dockerConfigDir(env, homedir);
    const read = (f: string) => {
      const p = path.join(certDir, f);
      return existsSync(p) ? readFileSync(p) : undefined;
    };
    opts.ca = read('ca.pem');
    opts.cert = read('cert.pem');
    opts.key = read('key.pem');
  }
  return opts;
}

/** Whether a local endpoint exists (sockets/pipes); network endpoints always "exist". */
function endpointExists(c: EngineCandidate): boolean {
  const m = /^(unix|npipe):\/\/(.*)$/i.exec(c.host);
  if (!m) return true;
  return existsSync(m[2] || (m[1] === 'npipe' ? WINDOWS_PIPE : '/var/run/docker.sock'));
}

/** The SSH server's host key is unknown, changed or revoked (known-hosts.ts). */
class HostKeyRefused extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'HostKeyRefused';
  }
}

function describeError(err: unknown, timeoutMs: number): string {
  const e = err as { code?: string; message?: string; name?: string; statusCode?: number };
  if (e?.name === 'TimeoutError' || e?.code === 'ETIMEDOUT' || e?.name === 'AbortError') {
    return `no answer within ${timeoutMs} ms`;
  }
  if (typeof e?.statusCode === 'number') {
    return `unexpected HTTP ${e.statusCode} (is this a Docker API endpoint?)`;
  }
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ECONNREFUSED':
      return 'connection refused (is the daemon running?)';
    case 'ENOENT':
      return 'socket not found';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
  }
  return (e?.message ?? String(err)).replace(/\s+/g, ' ').trim();
}

function hintFor(reason: string, remote: boolean, platform: NodeJS.Platform): string {
  if (reason === 'permission denied') {
    return 'add yourself to the docker group (`sudo usermod -aG docker $USER`, then log out and back in) or use rootless Docker';
  }
  if (remote)
    return 'check DOCKER_HOST / the docker context, the network path to the remote engine and its TLS/SSH credentials';
  return installHint(platform);
}

function installHint(platform: NodeJS.Platform): string {
  if (platform === 'darwin' || platform === 'win32') {
    return 'install and start Docker Desktop (or Colima / Rancher Desktop), then retry';
  }
  return 'install Docker Engine and start it (`sudo systemctl start docker`), or start Docker Desktop / Podman (`systemctl --user start podman.socket`)';
}

async function probe(
  c: EngineCandidate,
  env: NodeJS.ProcessEnv,
  homedir: string,
  timeoutMs: number,
): Promise<{ docker: Docker; info: EngineInfo }> {
  const options = modemOptions(c, env, homedir);
  const docker = new Docker(options);
  const signal = AbortSignal.timeout(timeoutMs);
  const timeout = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  // dockerode accepts { abortSignal } on these calls at runtime; @types/dockerode does not declare it.
  const api = docker as unknown as {
    ping(o: { abortSignal: AbortSignal }): Promise<unknown>;
    version(o: { abortSignal: AbortSignal }): Promise<Docker.DockerVersion>;
    info(o: { abortSignal: AbortSignal }): Promise<Record<string, unknown>>;
  };
  const work = (async () => {
    await api.ping({ abortSignal: signal });
    const [version, info] = await Promise.all([
      api.version({ abortSignal: signal }),
      api.info({ abortSignal: signal }),
    ]);
    const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    const engine: EngineInfo = {
      host: c.host,
      source: c.source,
      remote: isRemoteHost(c.host),
      serverVersion: version.Version,
      os: version.Os || str(info.OSType) || 'unknown',
      arch: version.Arch || str(info.Architecture) || 'unknown',
    };
    const cgroup = str(info.CgroupVersion);
    if (cgroup) engine.cgroupVersion = cgroup;
    const mem = num(info.MemTotal);
    if (mem !== undefined) engine.memTotal = mem;
    const ncpu = num(info.NCPU);
    if (ncpu !== undefined) engine.ncpu = ncpu;
    return engine;
  })();
  work.catch(() => undefined); // the race below may settle on the timeout first
  try {
    const info = await Promise.race([work, timeout]);
    return { docker, info };
  } catch (err) {
    const refused = hostKeyRefusal(options);
    throw refused ? new HostKeyRefused(refused.reason, refused.hint) : err;
  }
}

/** Tries each candidate in order and returns the first engine that answers. */
export async function detectEngine(opts: DetectOptions = {}): Promise<EngineProbe> {
  const env = opts.env ?? process.env;
  const homedir = opts.homedir ?? os.homedir();
  const timeoutMs = opts.timeoutMs ?? 2000;
  const platform = opts.platform ?? process.platform;
  const candidates = opts.candidates ?? engineCandidates(env, homedir, platform);
  const tried: string[] = [];
  let firstFailure: { host: string; why: string; remote: boolean } | undefined;
  for (const c of candidates) {
    tried.push(c.host);
    if (!endpointExists(c)) continue;
    try {
      const { docker, info } = await probe(c, env, homedir, timeoutMs);
      return { ok: true, docker, info };
    } catch (err) {
      // Not "did not answer": it answered with a key we cannot trust. Said as it is, with what to do.
      if (err instanceof HostKeyRefused) return { ok: false, reason: err.message, hint: err.hint, tried };
      firstFailure ??= { host: c.host, why: describeError(err, timeoutMs), remote: isRemoteHost(c.host) };
    }
  }
  if (firstFailure) {
    return {
      ok: false,
      reason: `Docker engine at ${firstFailure.host} did not answer: ${firstFailure.why}`,
      hint: hintFor(firstFailure.why, firstFailure.remote, platform),
      tried,
    };
  }
  const list = tried.map((h) => h.replace(/^unix:\/\//, '')).join(', ');
  return { ok: false, reason: `no Docker engine found (tried ${list})`, hint: installHint(platform), tried };
}
