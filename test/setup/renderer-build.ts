// End-to-end tests drive the app's real renderer build: build it once (Vite) before they run,
// so a stale dist/renderer never passes for the current code.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--logLevel',
      'warn',
      // PW_RENDERER_DIR: a separate build folder, so parallel local runs do not overwrite each other
      ...(process.env.PW_RENDERER_DIR ? ['--outDir', process.env.PW_RENDERER_DIR, '--emptyOutDir'] : []),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error(`the renderer build failed (exit ${result.status})`);
  console.info(`renderer built (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
