// Packaging for real with electron-builder: the `dir` target (the unpacked app every installer
// target starts from), driven by the project's own electron-builder.yml, with the renderer and the
// shell built fresh into a temporary folder. The Electron binary cannot be downloaded on this
// machine, so a stand-in executable plays the unpacked Electron distribution (electronDist);
// everything electron-builder does around it (asar, production node_modules, extra resources) is real.
import { listPackage, extractFile } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { build, Platform, type Configuration } from 'electron-builder';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxImageTag } from '../../electron/core/exec/docker/image';
import { checkPreload, mainBuildOptions, preloadBuildOptions } from '../../scripts/build-electron';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const yml = load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Configuration;
let tmp: string;
let unpacked: string;
let asar: string;
let entries: string[];

/** The packages main.js imports at run time (from esbuild's metafile): node builtins left out. */
let mainImports: string[] = [];
function packageName(specifier: string): string {
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-package-'));
  const vite = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--logLevel',
      'warn',
      '--outDir',
      path.join(tmp, 'dist', 'renderer'),
    ],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (vite.status !== 0) throw new Error(`the renderer build failed (exit ${vite.status})`);
  const main = await esbuild({ ...mainBuildOptions(path.join(tmp, 'dist-electron')), metafile: true });
  const external = Object.values(main.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external));
  mainImports = [
    ...new Set(
      external
        .map((i) => i.path)
        .filter((p) => !p.startsWith('node:'))
        .map(packageName),
    ),
  ].sort();
  await esbuild(preloadBuildOptions(path.join(tmp, 'dist-electron')));
  const electronDist = path.join(tmp, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
  chmodSync(path.join(electronDist, 'electron'), 0o755);
  // The yml's `files` point at dist/ and dist-electron/ in the project: the same, from the fresh build.
  expect(yml.files).toEqual(['dist/**', 'dist-electron/**', 'package.json', '!**/*.map']);
  const noMaps = ['**/*', '!**/*.map'];
  await build({
    projectDir: ROOT,
    targets: Platform.LINUX.createTarget('dir'),
    config: {
      files: [
        { from: path.join(tmp, 'dist'), to: 'dist', filter: noMaps },
        { from: path.join(tmp, 'dist-electron'), to: 'dist-electron', filter: noMaps },
        'package.json',
      ],
      directories: { output: path.join(tmp, 'release') },
      electronDist,
      publish: null,
    },
  });
  unpacked = path.join(tmp, 'release', 'linux-unpacked');
  asar = path.join(unpacked, 'resources', 'app.asar');
  entries = listPackage(asar, { isPack: false }).map((e) => e.replace(/\\/g, '/'));
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('packaging (electron-builder, stand-in Electron binary)', () => {
  it('declares the installers and the .csv/.tsv file associations', () => {
    expect(yml.linux?.target).toEqual(['AppImage', 'deb']);
    expect(yml.mac?.target).toEqual(['dmg']);
    expect(yml.win?.target).toEqual(['nsis']);
    const associations = [yml.fileAssociations ?? []].flat();
    expect(associations.map((a) => a.ext)).toEqual(['csv', 'tsv']);
    expect(yml.linux?.mimeTypes).toEqual(['text/csv', 'text/tab-separated-values']);
  });

  it('packs the renderer, main and the one-file preload, without source maps', () => {
    for (const file of [
      '/package.json',
      '/dist/renderer/index.html',
      '/dist-electron/main.js',
      '/dist-electron/preload.cjs',
    ])
      expect(entries, file).toContain(file);
    expect(entries.filter((e) => e.endsWith('.map') && !e.includes('/node_modules/'))).toEqual([]);
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string };
    expect(entries).toContain(`/${pkg.main}`);
    checkPreload(extractFile(asar, 'dist-electron/preload.cjs').toString('utf8'));
    const html = extractFile(asar, 'dist/renderer/index.html').toString('utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) expect(entries, asset).toContain(`/dist/renderer/${asset}`);
  });

  it('ships every package the main process imports', () => {
    const imports = mainImports;
    expect(imports).toContain('dockerode');
    expect(imports).toContain('openai');
    const missing = imports.filter(
      (name) => name !== 'electron' && !entries.includes(`/node_modules/${name}/package.json`),
    );
    expect(missing).toEqual([]);
    // development tools stay out
    for (const dev of ['vite', 'vitest', 'typescript', 'eslint', 'electron', 'electron-builder'])
      expect(entries, dev).not.toContain(`/node_modules/${dev}/package.json`);
  });

  it('puts the sandbox image context beside the app, hashing to the same image tag', async () => {
    const sandbox = path.join(unpacked, 'resources', 'sandbox');
    for (const file of ['Dockerfile', 'kernel/plotwright_kernel.py', 'python/plotwright/chart.py'])
      expect(existsSync(path.join(sandbox, file)), file).toBe(true);
    expect(await sandboxImageTag(sandbox)).toBe(await sandboxImageTag());
    expect(existsSync(path.join(unpacked, 'plotwright'))).toBe(true);
  });
});
