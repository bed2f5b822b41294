import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventSink } from '../../electron/core/desktop/ports';
import { configurePaths, shutdownBeforeQuit } from '../../electron/main/lifecycle';
import { dataFilesFromArgv, FileOpenQueue, listenForOpenRequests } from '../../electron/main/open-files';

vi.mock('electron', async () => (await import('./electron-fake')).electronModule());

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'plotwright-open-'));
  for (const name of ['sales.csv', 'trips.TSV', 'notes.txt']) writeFileSync(path.join(dir, name), 'a,b\n');
  mkdirSync(path.join(dir, 'folder.csv'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function recordingSink() {
  const emitted: [string, unknown][] = [];
  const sink: EventSink = { emit: (channel, payload) => void emitted.push([channel, payload]) };
  return { sink, emitted };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('files opened from outside (Electron faked)', () => {
  it('open files (Electron faked): only existing .csv/.tsv argv entries are data files', () => {
    const argv = [
      '/opt/Plotwright/plotwright',
      '--enable-logging',
      'sales.csv',
      path.join(dir, 'trips.TSV'),
      'missing.csv',
      'notes.txt',
      'folder.csv',
      'sales.csv',
    ];
    expect(dataFilesFromArgv(argv, dir)).toEqual([path.join(dir, 'sales.csv'), path.join(dir, 'trips.TSV')]);
    // The executable itself is never a data file, even if named like one.
    expect(dataFilesFromArgv([path.join(dir, 'sales.csv')], dir)).toEqual([]);
  });

  it('open files (Electron faked): paths wait until the app is ready, then each opens a conversation', async () => {
    const { sink, emitted } = recordingSink();
    const queue = new FileOpenQueue(sink);
    const open = vi.fn(async (file: string) => `c-${path.basename(file)}`);
    queue.add(['/data/a.csv', '/data/b.tsv', '/data/a.csv']);
    await flush();
    expect(open).not.toHaveBeenCalled();
    expect(queue.pending).toEqual(['/data/a.csv', '/data/b.tsv']);
    queue.start(open);
    await flush();
    expect(open.mock.calls).toEqual([['/data/a.csv'], ['/data/b.tsv']]);
    expect(emitted).toEqual([
      ['app:file-opened', { conversationId: 'c-a.csv' }],
      ['app:file-opened', { conversationId: 'c-b.tsv' }],
    ]);
    queue.add(['/data/c.csv']);
    await flush();
    expect(open).toHaveBeenLastCalledWith('/data/c.csv');
  });

  it('open files (Electron faked): a file that cannot be analysed emits app:error with one line', async () => {
    const { sink, emitted } = recordingSink();
    const queue = new FileOpenQueue(sink);
    queue.start(async () => {
      throw new Error('the file is not valid UTF-8 or Latin-1\n    at sniff (sniff.ts:10)');
    });
    queue.add(['/data/broken.csv']);
    await flush();
    expect(emitted).toEqual([
      ['app:error', { message: 'broken.csv: the file is not valid UTF-8 or Latin-1' }],
    ]);
  });

  it('open files (Electron faked): macOS open-file before ready is queued until ready', async () => {
    const app = new EventEmitter();
    const { sink, emitted } = recordingSink();
    const queue = new FileOpenQueue(sink);
    listenForOpenRequests(app as unknown as App, queue, vi.fn());
    const event = { preventDefault: vi.fn() };
    app.emit('open-file', event, path.join(dir, 'sales.csv'));
    app.emit('open-file', { preventDefault: vi.fn() }, path.join(dir, 'notes.txt'));
    expect(event.preventDefault).toHaveBeenCalled();
    expect(queue.pending).toEqual([path.join(dir, 'sales.csv')]);
    queue.start(async () => 'c1');
    await flush();
    expect(emitted).toEqual([['app:file-opened', { conversationId: 'c1' }]]);
  });

  it("open files (Electron faked): a second launch's argv opens its files (relative to its folder) and focuses the window", async () => {
    const app = new EventEmitter();
    const { sink } = recordingSink();
    const queue = new FileOpenQueue(sink);
    const focus = vi.fn();
    const open = vi.fn(async () => 'c2');
    queue.start(open);
    listenForOpenRequests(app as unknown as App, queue, focus);
    app.emit('second-instance', {}, ['/usr/bin/plotwright', '--flag', 'trips.TSV', 'notes.txt'], dir);
    await flush();
    expect(focus).toHaveBeenCalledTimes(1);
    expect(open.mock.calls).toEqual([[path.join(dir, 'trips.TSV')]]);
  });
});

describe('main process lifecycle (Electron faked)', () => {
  it('lifecycle (Electron faked): userData is the shared data folder; resources point at the folder containing sandbox', () => {
    const setPath = vi.fn();
    const env: NodeJS.ProcessEnv = { PLOTWRIGHT_DATA_DIR: dir };
    configurePaths({ setPath, isPackaged: true, getAppPath: () => '/x' }, env, '/opt/Plotwright/resources');
    expect(setPath).toHaveBeenCalledWith('userData', dir);
    expect(env.PLOTWRIGHT_RESOURCES_DIR).toBe('/opt/Plotwright/resources/');
    configurePaths({ setPath, isPackaged: false, getAppPath: () => '/repo' }, env, '');
    expect(env.PLOTWRIGHT_RESOURCES_DIR).toBe(path.join('/repo', 'resources'));
  });

  it('lifecycle (Electron faked): quitting waits for shutdown once, then quits', async () => {
    const app = Object.assign(new EventEmitter(), { quit: vi.fn() });
    let finish = () => undefined as void;
    const shutdown = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    shutdownBeforeQuit(app as unknown as App, shutdown, 10_000);
    const first = { preventDefault: vi.fn() };
    app.emit('will-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await flush();
    expect(app.quit).toHaveBeenCalledTimes(1);
    const second = { preventDefault: vi.fn() };
    app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(shutdown).toHaveBeenCalledTimes(1);
  });

  it('lifecycle (Electron faked): a shutdown that hangs does not keep the app open', async () => {
    const app = Object.assign(new EventEmitter(), { quit: vi.fn() });
    shutdownBeforeQuit(app as unknown as App, () => new Promise<void>(() => undefined), 20);
    app.emit('will-quit', { preventDefault: vi.fn() });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(app.quit).toHaveBeenCalledTimes(1);
  });
});
