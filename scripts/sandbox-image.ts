// npm run sandbox:image — builds plotwright-sandbox:<hash> on this machine, idempotently and without a
// container registry: when no Debian base image is present and none can be pulled, it debootstraps one.
// The built image's ID is recorded as trusted (electron/core/exec/docker/trust.ts); an image under the
// tag that Plotwright did not record is rebuilt, not used. Progress goes to stderr; the final tag is
// the only thing printed on stdout.
//   node bin/run-ts.mjs scripts/sandbox-image.ts [--verbose]
import type Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { detectEngine } from '../electron/core/exec/docker/engine';
import {
  BASE_IMAGE_LOCAL,
  BASE_IMAGE_UPSTREAM,
  buildImage,
  imageExists,
  imageStatus,
  pullImage,
  REBUILD_ADVICE,
  sandboxImageTag,
  splitImageRef,
  trustFilePath,
  trustImage,
} from '../electron/core/exec/docker/image';
import { dockerErrorMessage, readJsonLines } from '../electron/core/exec/docker/progress';

const DEFAULT_MIRROR = 'http://deb.debian.org/debian';
const SUITE = 'bookworm';

/** The Debian mirror apt uses on this machine for `bookworm` (deb822 .sources first, then sources.list). */
export function parseAptMirror(sources: string[], sourcesList = ''): string | undefined {
  for (const text of sources) {
    for (const stanza of text.split(/\n\s*\n/)) {
      const field = (name: string) =>
        new RegExp(`^${name}:[ \\t]*(.+)$`, 'mi').exec(stanza)?.[1]?.trim().split(/\s+/) ?? [];
      if (field('Enabled')[0]?.toLowerCase() === 'no') continue;
      if (!field('Types').includes('deb') || !field('Suites').includes(SUITE)) continue;
      const uri = field('URIs').find((u) => /^https?:\/\//.test(u));
      if (uri) return uri.replace(/\/+$/, '');
    }
  }
  for (const line of sourcesList.split('\n')) {
    const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(https?:\/\/\S+)\s+(\S+)/.exec(line);
    if (m && m[2] === SUITE) return m[1]!.replace(/\/+$/, '');
  }
  return undefined;
}

export function debianMirror(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DEBIAN_MIRROR) return env.DEBIAN_MIRROR;
  const dir = '/etc/apt/sources.list.d';
  const read = (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return '';
    }
  };
  let sources: string[] = [];
  try {
    sources = readdirSync(dir)
      .filter((f) => f.endsWith('.sources'))
      .sort()
      .map((f) => read(path.join(dir, f)));
  } catch {
    // no sources.list.d
  }
  return parseAptMirror(sources, read('/etc/apt/sources.list')) ?? DEFAULT_MIRROR;
}

function which(cmd: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/sbin']);
  return dirs.map((d) => path.join(d, cmd)).find((p) => existsSync(p));
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 2, 2] });
    child.on('error', reject);
    child.on('exit', (code, sig) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${sig ?? `code ${code}`}`)),
    );
  });
}

/** Imports a root filesystem directory as an image (like `tar -C DIR -c . | docker import - REF`). */
async function importRootfs(docker: Docker, dir: string, ref: string): Promise<void> {
  const tar = spawn('tar', ['-C', dir, '--numeric-owner', '--exclude=./dev/*', '-cf', '-', '.'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tarErr = '';
  tar.stderr.on('data', (d: Buffer) => (tarErr += d.toString()));
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tar failed: ${tarErr.trim()}`))));
  });
  tarDone.catch(() => undefined);
  const { repo, tag } = splitImageRef(ref);
  const stream = await docker.importImage(tar.stdout, {
    repo,
    tag,
    changes: ['CMD ["bash"]', 'ENV LANG=C.UTF-8'],
  } as object);
  let error: string | undefined;
  await readJsonLines(stream, (e) => {
    if (e.error || e.errorDetail) error = e.errorDetail?.message ?? e.error;
  });
  await tarDone;
  if (error) throw new Error(`docker import failed: ${error}`);
  if (!(await imageExists(docker, ref))) throw new Error(`docker import finished but ${ref} is missing`);
}

/** Makes sure a Debian bookworm base image exists locally and returns its name: an existing
 * plotwright-base:bookworm or debian:bookworm-slim, a pulled debian:bookworm-slim, or a debootstrapped
 * plotwright-base:bookworm. */
export async function ensureBaseImage(
  docker: Docker,
  opts: { log?: (line: string) => void; env?: NodeJS.ProcessEnv; pullTimeoutMs?: number } = {},
): Promise<string> {
  const log = opts.log ?? (() => undefined);
  for (const ref of [BASE_IMAGE_LOCAL, BASE_IMAGE_UPSTREAM]) {
    if (await imageExists(docker, ref)) return ref;
  }
  log(`no base image present; trying to pull ${BASE_IMAGE_UPSTREAM}`);
  try {
    const signal = AbortSignal.timeout(opts.pullTimeoutMs ?? 60_000);
    await pullImage(docker, BASE_IMAGE_UPSTREAM, BASE_IMAGE_UPSTREAM, { signal });
    return BASE_IMAGE_UPSTREAM;
  } catch (err) {
    log(`pull failed: ${(err as Error).message}`);
  }
  const debootstrap = which('debootstrap');
  if (!debootstrap || process.getuid?.() !== 0) {
    throw new Error(
      `cannot get a base image: pulling ${BASE_IMAGE_UPSTREAM} failed and ` +
        (debootstrap ? 'debootstrap needs root' : 'debootstrap is not installed') +
        ` (load one with \`docker load\`, or run this as root with debootstrap installed)`,
    );
  }
  const mirror = debianMirror(opts.env);
  const tmpRoot = existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir(); // /tmp may be a noexec/nodev tmpfs
  const dir = await mkdtemp(path.join(tmpRoot, 'plotwright-base-'));
  try {
    log(`debootstrap --variant=minbase ${SUITE} ${dir} ${mirror}`);
    const t0 = Date.now();
    await run(debootstrap, ['--variant=minbase', SUITE, dir, mirror]);
    log(`debootstrap done in ${((Date.now() - t0) / 1000).toFixed(1)} s; importing as ${BASE_IMAGE_LOCAL}`);
    for (const sub of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
      const abs = path.join(dir, sub);
      for (const f of readdirSync(abs)) {
        if (f !== 'partial' && f !== 'lock') await rm(path.join(abs, f), { recursive: true, force: true });
      }
    }
    await importRootfs(docker, dir, BASE_IMAGE_LOCAL);
    return BASE_IMAGE_LOCAL;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const log = (line: string) => process.stderr.write(`sandbox-image: ${line}\n`);
  const probe = await detectEngine();
  if (!probe.ok) {
    process.stderr.write(`error: ${probe.reason}\nhint: ${probe.hint}\n`);
    return 1;
  }
  const { docker, info } = probe;
  const tag = await sandboxImageTag();
  const status = await imageStatus(docker, tag);
  if (status.trusted) {
    log(`${tag} is already present (${status.how} by Plotwright at ${status.at})`);
    process.stdout.write(`${tag}\n`);
    return 0;
  }
  if (status.present) log(`${(status.reason ?? '').replace(`; ${REBUILD_ADVICE}`, '')}: rebuilding it`);
  log(`building ${tag} on Docker ${info.serverVersion} at ${info.host}`);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const base = await ensureBaseImage(docker, { log });
    log(`base image ${base}`);
    const t0 = Date.now();
    let lastStep = 0;
    const built = await buildImage(docker, tag, {
      baseImage: base,
      networkMode: 'host',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase !== 'build') return;
        if (p.step !== lastStep) {
          lastStep = p.step;
          log(`step ${p.step}/${p.totalSteps}: ${p.message.replace(/^Step \d+\/\d+ : /, '').slice(0, 120)}`);
        } else if (verbose) {
          process.stderr.write(`  ${p.message}\n`);
        }
      },
    });
    const id = await trustImage(docker, tag, 'built', { expectId: built });
    log(`built ${tag} (${id}) in ${((Date.now() - t0) / 1000).toFixed(1)} s; trusted in ${trustFilePath()}`);
    process.stdout.write(`${tag}\n`);
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? err.message : dockerErrorMessage(err)}\n`);
      process.exit(1);
    },
  );
}
