// The pick-time check (data/check.ts) runs in the main process on a path the user picked or
// dropped. The grant stats the path first, but the path can be swapped for a named pipe between
// that stat and the read: opening a FIFO for reading blocks until a writer comes, which would hold
// one of libuv's four file threads for good (four such picks and every file operation of main
// waits). The open must never block: a FIFO is "not a regular file", at once.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFile } from '../../electron/core/data/check';
import { readHead } from '../../electron/core/data/profile';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-sec-pick-'));
const fifo = path.join(dir, 'sales.csv');
execFileSync('mkfifo', [fifo]);

/** Unblocks a reader stuck on the FIFO (if the check did block), so the test process can end. */
function release(): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // no reader waiting: nothing to release
  }
}

afterAll(() => {
  release();
  rmSync(dir, { recursive: true, force: true });
});

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<'blocked'>((r) => setTimeout(() => r('blocked'), ms))]);

describe.skipIf(process.platform === 'win32')('a named pipe in place of the picked file', () => {
  it('checkFile says it is not a regular file, without blocking', async () => {
    const result = await within(checkFile(fifo), 2000);
    release();
    expect(result).not.toBe('blocked');
    expect(result).toMatch(/not a regular file/);
  });

  it('readHead refuses it without blocking', async () => {
    const result = await within(
      readHead(fifo).then(
        () => 'read',
        (err: Error) => err.message,
      ),
      2000,
    );
    release();
    expect(result).toMatch(/not a regular file/);
  });
});
