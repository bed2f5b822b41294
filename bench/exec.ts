// bench/exec — per-block execution time, all in one run (npm run bench:exec):
//   (a) AutoGen-style: a fresh `python file.py` per block (state is re-created every time)
//   (b) Plotwright's stateful local kernel (bubblewrap sandbox when available)
//   (c) raw `docker exec … python3 -c CODE` in a running container (Docker API, no CLI overhead)
//   (d) Plotwright's warm Docker sandbox
// for a trivial block and a pandas groupby on a loaded CSV (seaborn diamonds, 54k rows), and
//   (e) the isolation probe (exec/isolation/) run fresh in each sandbox, and read from its cache.
// Targets: (b) ≥ 10× faster than (a) on the pandas block; (d) ≤ 1.3× (c); cold container start < 1.5 s;
// a fresh probe ≤ 300 ms in each sandbox (its baselines: (a) and (c) trivial, one interpreter start).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { detectEngine } from '../electron/core/exec/docker/engine';
import { imageStatus, sandboxImageTag } from '../electron/core/exec/docker/image';
import { DockerSandbox } from '../electron/core/exec/docker/docker-sandbox';
import { ExecutorService } from '../electron/core/exec/executor';
import { requirePython } from '../electron/core/exec/local/python';
import { DEFAULT_LIMITS } from '../electron/model/exec/types';
import { prepareWorkspace } from '../electron/core/exec/workspace';

const CSV = path.resolve(import.meta.dirname, '..', '..', 'shared', 'datasets', 'seaborn', 'diamonds.csv');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const LOAD = "import pandas as pd\ndf = pd.read_csv('diamonds.csv')";
const GROUPBY = "print(df.groupby('cut').price.mean().round(2).to_dict())";
const BLOCKS = { trivial: 'print(1 + 1)', pandas: GROUPBY };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  await fn(); // warm-up, not counted
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

function runProcess(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${out}`)),
    );
  });
}

/** (a): AutoGen writes each block to a file and runs a fresh interpreter; the CSV is read again each time. */
async function autogenStyle(python: string, dir: string) {
  const file = path.join(dir, 'tmp_code.py');
  const block = (code: string) => async () => {
    writeFileSync(file, code);
    await runProcess(python, [file], dir);
  };
  return { trivial: await time(block(BLOCKS.trivial)), pandas: await time(block(`${LOAD}\n${GROUPBY}`)) };
}

/** (c): `docker exec` of a fresh python3 per block in an already running container. */
async function rawDockerExec(docker: Docker, image: string, dir: string) {
  const c = await docker.createContainer({
    Image: image,
    HostConfig: { NetworkMode: 'none', Binds: [`${dir}:/workspace:ro`] },
  });
  await c.start();
  const block = (code: string) => async () => {
    const exec = await c.exec({
      Cmd: ['python3', '-c', code],
      AttachStdout: true,
      AttachStderr: true,
      WorkingDir: '/workspace',
    });
    const stream = await exec.start({});
    await new Promise((resolve) => {
      stream.on('end', resolve);
      stream.resume();
    });
    const { ExitCode } = await exec.inspect();
    if (ExitCode !== 0) throw new Error(`docker exec failed with ${ExitCode}`);
  };
  try {
    return { trivial: await time(block(BLOCKS.trivial)), pandas: await time(block(`${LOAD}\n${GROUPBY}`)) };
  } finally {
    await c.remove({ force: true });
  }
}

/** (b) and (d): Plotwright sessions; the DataFrame is loaded once, then each block reuses it. */
async function plotwright(executor: ExecutorService, mode: 'local' | 'docker', dir: string) {
  const session = await executor.openSession({ workspaceDir: dir, inputs: [CSV], mode });
  try {
    const load = await session.run('python', LOAD);
    if (load.exitCode !== 0) throw new Error(load.output);
    const block = (code: string) => async () => {
      const r = await session.run('python', code);
      if (r.exitCode !== 0) throw new Error(r.output);
    };
    return {
      trivial: await time(block(BLOCKS.trivial)),
      pandas: await time(block(BLOCKS.pandas)),
      description: session.sandbox.description,
    };
  } finally {
    await session.close();
  }
}

/** (e): the isolation probe, fresh each time (no cache), and a cached verdict. */
async function probeTimes(executor: ExecutorService, mode: 'local' | 'docker', dir: string) {
  const session = await executor.openSession({ workspaceDir: dir, mode, stateless: true });
  try {
    let verified = true;
    const fresh = await time(async () => {
      const r = await executor.verifier.verify(session.sandbox, { fresh: true });
      verified &&= r.verified;
    });
    const cached = await time(() => executor.verifier.verify(session.sandbox));
    return { fresh, cached, verified, runner: session.sandbox.runner };
  } finally {
    await session.close();
  }
}

/** Container create + start, and create + start + kernel ready + first result. */
async function coldStart(docker: Docker, image: string, root: string) {
  const samples = { container: [] as number[], firstResult: [] as number[] };
  for (let i = 0; i < 5; i++) {
    const workspace = await prepareWorkspace(path.join(root, `cold-${i}`), [CSV]);
    const t = performance.now();
    const sandbox = await DockerSandbox.create({
      docker,
      image,
      workspace,
      limits: DEFAULT_LIMITS,
      conversationId: `bench-${i}`,
      engine: 'bench',
    });
    samples.container.push(performance.now() - t);
    const executor = new ExecutorService({ mode: 'docker' });
    await sandbox.close();
    const t2 = performance.now();
    const session = await executor.openSession({
      workspaceDir: path.join(root, `cold-s-${i}`),
      mode: 'docker',
      stateless: false,
    });
    const r = await session.run('python', 'print(1)');
    samples.firstResult.push(performance.now() - t2);
    if (r.exitCode !== 0) throw new Error(r.output);
    await executor.shutdown();
  }
  return { container: median(samples.container), firstResult: median(samples.firstResult) };
}

async function main(): Promise<number> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pw-bench-exec-'));
  const plain = path.join(root, 'plain');
  mkdirSync(plain);
  copyFileSync(CSV, path.join(plain, 'diamonds.csv'));
  try {
    const python = await requirePython();
    const probe = await detectEngine();
    if (!probe.ok) throw new Error(`Docker is needed for (c) and (d): ${probe.reason}`);
    const image = await sandboxImageTag();
    if (!(await imageStatus(probe.docker, image)).trusted)
      throw new Error(`build the image first: npm run sandbox:image (${image})`);
    const executor = new ExecutorService();
    console.log(
      `bench/exec: ${RUNS} runs per figure, medians; ${os.cpus().length} CPUs; Python ${python.version}, pandas ${python.pandas}\n`,
    );
    const a = await autogenStyle(python.executable, plain);
    const b = await plotwright(executor, 'local', path.join(root, 'local'));
    const c = await rawDockerExec(probe.docker, image, plain);
    const d = await plotwright(executor, 'docker', path.join(root, 'docker'));
    const cold = await coldStart(probe.docker, image, root);
    const pl = await probeTimes(executor, 'local', path.join(root, 'probe-local'));
    const pd = await probeTimes(executor, 'docker', path.join(root, 'probe-docker'));
    await executor.shutdown();

    const rows = [
      ['(a) fresh python per block (AutoGen)', a],
      ['(b) Plotwright local kernel', b],
      ['(c) raw docker exec', c],
      ['(d) Plotwright warm Docker sandbox', d],
    ] as const;
    console.log(`${'configuration'.padEnd(40)}${'trivial'.padStart(12)}${'pandas groupby'.padStart(16)}`);
    for (const [name, r] of rows)
      console.log(`${name.padEnd(40)}${ms(r.trivial).padStart(12)}${ms(r.pandas).padStart(16)}`);
    console.log(`\n(b) runs in: ${b.description}\n(d) runs in: ${d.description}\n`);
    console.log(`${'(e) isolation probe'.padEnd(40)}${'fresh'.padStart(12)}${'cached'.padStart(16)}`);
    for (const [name, r] of [
      [`local (${pl.runner})`, pl],
      [`docker`, pd],
    ] as const)
      console.log(
        `${`    ${name}${r.verified ? '' : ' NOT VERIFIED'}`.padEnd(40)}${ms(r.fresh).padStart(12)}${ms(r.cached).padStart(16)}`,
      );
    console.log('');
    const checks = [
      {
        what: '(a)/(b) on the pandas block',
        value: a.pandas / b.pandas,
        target: '≥ 10×',
        ok: a.pandas / b.pandas >= 10,
        fmt: (v: number) => `${v.toFixed(1)}×`,
      },
      {
        what: '(d)/(c) on the trivial block',
        value: d.trivial / c.trivial,
        target: '≤ 1.3×',
        ok: d.trivial / c.trivial <= 1.3,
        fmt: (v: number) => `${v.toFixed(2)}×`,
      },
      {
        what: '(d)/(c) on the pandas block',
        value: d.pandas / c.pandas,
        target: '≤ 1.3×',
        ok: d.pandas / c.pandas <= 1.3,
        fmt: (v: number) => `${v.toFixed(2)}×`,
      },
      {
        what: 'cold container start (create + start)',
        value: cold.container,
        target: '< 1500 ms',
        ok: cold.container < 1500,
        fmt: ms,
      },
      {
        what: '(e) fresh isolation probe, local sandbox',
        value: pl.fresh,
        target: '≤ 300 ms',
        ok: pl.fresh <= 300 && pl.verified,
        fmt: ms,
      },
      {
        what: '(e) fresh isolation probe, Docker sandbox',
        value: pd.fresh,
        target: '≤ 300 ms',
        ok: pd.fresh <= 300 && pd.verified,
        fmt: ms,
      },
      {
        what: 'cold start to first result (+ kernel, pandas preloaded)',
        value: cold.firstResult,
        target: '(reported)',
        ok: true,
        fmt: ms,
      },
    ];
    for (const c2 of checks)
      console.log(
        `${c2.ok ? 'PASS' : 'FAIL'}  ${c2.what.padEnd(58)} ${c2.fmt(c2.value).padStart(10)}  target ${c2.target}`,
      );
    const out = path.resolve(import.meta.dirname, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, `exec-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.json`),
      JSON.stringify({ runs: RUNS, a, b, c, d, cold, probe: { local: pl, docker: pd } }, null, 2),
    );
    return checks.every((x) => x.ok) ? 0 : 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = await main();
