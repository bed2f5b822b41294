// Result integrity against the Docker sandbox (the same attacks as integrity-local.test.ts).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { ExecutorService } from '../../electron/core/exec/executor';
import { integritySuite } from './support/integrity';
import { SALES_CSV } from './support/env';

const executor = new ExecutorService({ mode: 'docker' });
afterAll(() => executor.shutdown());

integritySuite('Docker sandbox', () =>
  executor.openSession({
    workspaceDir: path.join(mkdtempSync(path.join(os.tmpdir(), 'pw-integrity-docker-')), 'ws'),
    inputs: [SALES_CSV],
    mode: 'docker',
  }),
);
