import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The `resources/` folder: the sandbox Dockerfile, the kernel driver and the chart helper.
 * In a packaged app the shell sets PLOTWRIGHT_RESOURCES_DIR to its extra-resources folder;
 * otherwise it is found by walking up from this file (source tree or a bundle beside it).
 */
export function resourcesDir(): string {
  if (process.env.PLOTWRIGHT_RESOURCES_DIR) return path.resolve(process.env.PLOTWRIGHT_RESOURCES_DIR);
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'resources');
    if (existsSync(path.join(candidate, 'sandbox', 'Dockerfile'))) return candidate;
  }
  return path.resolve(here, '..', '..', 'resources');
}

export const sandboxContextDir = () => path.join(resourcesDir(), 'sandbox');
export const kernelDir = () => path.join(sandboxContextDir(), 'kernel');
export const helperDir = () => path.join(sandboxContextDir(), 'python');
export const KERNEL_SCRIPT = 'plotwright_kernel.py';
