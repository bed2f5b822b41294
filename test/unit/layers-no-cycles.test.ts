// No import cycles anywhere in the app, type-only imports included (lint's import-x/no-cycle
// checks the imports that exist at run time; a cycle of types still ties two modules together).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from '../support/import-graph';

const ROOT = path.resolve(__dirname, '..', '..');

describe('import cycles (type-only imports counted)', () => {
  it('finds a cycle made only of type imports (the check can fail)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cycles-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'a.ts'),
        "import type { B } from './b';\nexport interface A { b: B }\n",
      );
      fs.writeFileSync(
        path.join(dir, 'b.ts'),
        "import type { A } from './a';\nexport interface B { a: A }\n",
      );
      fs.writeFileSync(path.join(dir, 'c.ts'), "import type { A } from './a';\nexport type C = A;\n");
      const cycles = importCycles(importGraph([dir]));
      expect(cycles.map((c) => c.map((f) => path.basename(f)))).toEqual([['a.ts', 'b.ts']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('electron/ and renderer/src have none', () => {
    const graph = importGraph([path.join(ROOT, 'electron'), path.join(ROOT, 'renderer', 'src')]);
    expect(graph.size).toBeGreaterThan(200);
    const cycles = importCycles(graph).map((c) => c.map((f) => path.relative(ROOT, f)).join(' → '));
    expect(cycles).toEqual([]);
  });
});
