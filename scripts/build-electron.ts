/**
 * Builds the Electron shell: node bin/run-ts.mjs scripts/build-electron.ts
 *  - electron/main.ts    → dist-electron/main.js     (ESM, node 20; node_modules stay external:
 *                                                     electron-builder packs production dependencies)
 *  - electron/preload.ts → dist-electron/preload.cjs (ONE CommonJS file: a sandboxed preload may
 *                                                     require nothing but "electron")
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist-electron');

/** Every module a CommonJS bundle still requires at run time. */
export function requiredModules(code: string): string[] {
  return [...code.matchAll(/\brequire\(\s*(["'`])([^"'`]+)\1\s*\)/g)].map((m) => m[2] ?? '');
}

export function mainBuildOptions(outDir = out): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: ['electron/main.ts'],
    outfile: path.join(outDir, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  };
}

export function preloadBuildOptions(outDir = out): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: ['electron/preload.ts'],
    outfile: path.join(outDir, 'preload.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: ['node20', 'chrome130'],
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
  };
}

/** Throws when the preload bundle requires anything but electron. */
export function checkPreload(code: string): void {
  const foreign = requiredModules(code).filter((name) => name !== 'electron');
  if (foreign.length) {
    throw new Error(
      `the preload bundle requires ${foreign.join(', ')}: a sandboxed preload may only require electron`,
    );
  }
}

async function main(): Promise<void> {
  await rm(out, { recursive: true, force: true });
  await build(mainBuildOptions());
  await build(preloadBuildOptions());
  checkPreload(await readFile(path.join(out, 'preload.cjs'), 'utf8'));
  console.log(`built ${path.relative(root, out)}/main.js and ${path.relative(root, out)}/preload.cjs`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
