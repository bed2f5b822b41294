// Integration tests use the real Docker engine and the real sandbox image: make sure the image
// for the current kernel files exists and is trusted, by running `npm run sandbox:image` itself: it
// builds the image, or rebuilds one Plotwright did not record (a cached rebuild takes about a
// second), and records its ID in the user's trust file (electron/core/exec/docker/trust.ts), which
// does not depend on PLOTWRIGHT_DATA_DIR, so every test's fresh data folder trusts it too.
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
