// A real loopback Docker registry (Debian's `docker-registry serve`, 127.0.0.1, ephemeral port) for
// real image pulls, and images pushed to it with a unique random layer so that a pull really
// downloads bytes (pushing the sandbox image itself would pull back as "Already exists").
//
//   const registry = await startRegistry(docker);
//   const ref = await registry.pushUnique('pulltest', { baseImage: sandboxTag, megabytes: 48 });
//   await pullImage(docker, ref, target);   // downloads the 48 MB layer
//   await registry.stop();                  // stops it, removes what it pushed, deletes its files
import type Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { buildImage, HASH_LABEL, imageExists, splitImageRef } from '../../electron/core/exec/docker/image';
import { readJsonLines } from '../../electron/core/exec/docker/progress';
import { buildLabelled } from './labelled-image';

const REGISTRY_BIN = '/usr/bin/docker-registry';

/** A loopback TCP port that nothing listens on (at the moment of asking). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Removes an image reference if it exists (forced: other tags of the same image stay). */
export async function removeImage(docker: Docker, ref: string): Promise<void> {
  if (await imageExists(docker, ref)) await docker.getImage(ref).remove({ force: true });
}

/** Passes bytes on at no more than `bytesPerSecond` (idle time does not build up a burst). */
function throttle(bytesPerSecond: number): Transform {
  let next = Date.now();
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      next = Math.max(next, Date.now()) + (chunk.length / bytesPerSecond) * 1000;
      setTimeout(() => done(null, chunk), next - Date.now());
    },
  });
}

/** A loopback TCP proxy to `port` whose replies (registry → Docker) are throttled, like a slow link. */
async function slowProxy(port: number, bytesPerSecond: number): Promise<{ port: number; close(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('close', () => upstream.destroy()); // Docker gave up: so does the transfer
    client.pipe(upstream);
    upstream.pipe(throttle(bytesPerSecond)).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

export interface LoopbackRegistry {
  /** `127.0.0.1:<port>`, the registry part of image references (the slow proxy's, when throttled). */
  readonly host: string;
  readonly port: number;
  /** What the registry printed so far. */
  log(): string;
  /**
   * Builds `baseImage` plus one layer of `megabytes` random bytes, pushes it as
   * `<host>/plotwright-sandbox:<name>-<id>` and deletes it locally; returns that reference. Its
   * org.plotwright.sandbox.hash label is `hashLabel` when given (what the app checks before it
   * trusts a pulled image for a tag), else its own build context's hash.
   */
  pushUnique(
    name: string,
    opts: { baseImage: string; megabytes: number; hashLabel?: string },
  ): Promise<string>;
  /** Stops the registry, removes every local tag it made and deletes its storage. */
  stop(): Promise<void>;
}

/**
 * Starts the registry. With `downloadBytesPerSecond`, Docker reaches it through a proxy that sends
 * at most that many bytes a second per connection, so a pull lasts long enough to be watched.
 */
export async function startRegistry(
  docker: Docker,
  opts: { downloadBytesPerSecond?: number } = {},
): Promise<LoopbackRegistry> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-registry-'));
  const id = randomBytes(4).toString('hex');
  const registryPort = await freePort();
  const made: string[] = [];
  const config = path.join(tmp, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(tmp, 'data')}`,
      'http:',
      `  addr: 127.0.0.1:${registryPort}`,
      '',
    ].join('\n'),
  );
  const child = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const proxy = opts.downloadBytesPerSecond
    ? await slowProxy(registryPort, opts.downloadBytesPerSecond)
    : undefined;
  const port = proxy?.port ?? registryPort;
  const host = `127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    proxy?.close();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    for (const ref of made) await removeImage(docker, ref).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    const ok = await fetch(`http://${host}/v2/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const pushUnique = async (
    name: string,
    opts: { baseImage: string; megabytes: number; hashLabel?: string },
  ) => {
    const ctx = path.join(tmp, `ctx-${name}`);
    mkdirSync(path.join(ctx, 'kernel'), { recursive: true });
    writeFileSync(path.join(ctx, 'Dockerfile'), 'ARG BASE\nFROM ${BASE}\nCOPY kernel/ /opt/pulltest/\n');
    writeFileSync(path.join(ctx, 'kernel', 'blob.bin'), randomBytes(opts.megabytes * 1024 * 1024));
    const local = `plotwright-sandbox:${name}-src-${id}`;
    const remote = `${host}/plotwright-sandbox:${name}-${id}`;
    made.push(local, remote);
    try {
      await buildImage(docker, local, { contextDir: ctx, baseImage: opts.baseImage });
      if (opts.hashLabel) await buildLabelled(docker, local, local, { [HASH_LABEL]: opts.hashLabel });
    } finally {
      rmSync(ctx, { recursive: true, force: true });
    }
    const { repo, tag } = splitImageRef(remote);
    await docker.getImage(local).tag({ repo, tag });
    const stream = await docker.getImage(repo).push({ tag, authconfig: {} } as object);
    let error: string | undefined;
    await readJsonLines(stream, (e) => (error ??= e.error));
    if (error) throw new Error(`push of ${remote} failed: ${error}; registry log: ${output.slice(-500)}`);
    await docker.getImage(remote).remove();
    await docker.getImage(local).remove();
    if (await imageExists(docker, remote)) throw new Error(`${remote} is still present after removal`);
    return remote;
  };

  return { host, port, log: () => output, pushUnique, stop };
}
