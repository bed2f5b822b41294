// Integration tests use the real Docker engine and the real sandbox image: make sure the image
// for the current kernel files exists (building it exactly as `npm run sandbox:image` does).
// No engine → the run fails here with the reason, rather than Docker tests being skipped.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const started = Date.now();
  const result = spawnSync(process.execPath, ['bin/run-ts.mjs', 'scripts/sandbox-image.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(
      `the sandbox image is needed by the Docker tests and could not be prepared (exit ${result.status})`,
    );
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.info(`sandbox image ${result.stdout.trim()} ready (${seconds} s)`);
}
