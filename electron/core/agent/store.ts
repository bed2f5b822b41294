/**
 * Conversation persistence behind a port: the file store (crash-safe atomic writes under
 * the app's data directory). The tests' in-memory fake is test/support/memory-store.ts.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Conversation, ConversationSummary } from '../../model/agent/conversation';

export interface ConversationStore {
  /** Newest first. */
  list(): Promise<ConversationSummary[]>;
  load(id: string): Promise<Conversation>;
  save(conversation: Conversation): Promise<void>;
  rename(id: string, title: string): Promise<Conversation>;
  /** Removes the conversation and its workspace. */
  delete(id: string): Promise<void>;
  /** The conversation's working folder (created on demand by the executor). */
  workspaceDir(id: string): string;
}

export class ConversationNotFoundError extends Error {
  constructor(id: string) {
    super(`no conversation ${id}`);
    this.name = 'ConversationNotFoundError';
  }
}

export function summaryOf(c: Conversation): ConversationSummary {
  return {
    id: c.id,
    title: c.title,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    fileName: c.file?.name ?? null,
    status: c.status,
    stopReason: c.stopReason,
    error: c.stopReason === 'error' ? c.error : null,
  };
}

export function retitled(c: Conversation, title: string): Conversation {
  return { ...c, title: title.trim().replace(/\s+/g, ' ').slice(0, 200) || 'Untitled analysis' };
}

/** Conversation ids are also folder names: keep them to a safe alphabet. */
export function isValidId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/.test(id) && !id.includes('..');
}

/** Writes `data` so that a crash leaves either the old file or the new one, never half of one. */
export async function writeAtomic(file: string, data: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
  const dir = await fs.open(path.dirname(file), 'r').catch(() => null);
  await dir?.sync().catch(() => undefined); // make the rename itself durable (not possible on Windows)
  await dir?.close();
}

/** Deletes a folder even when the executed code left read-only folders in it. */
export async function removeTree(dir: string): Promise<void> {
  try {
    await fs.rm(dir, { recursive: true, force: true });
  } catch {
    const walk = async (d: string): Promise<void> => {
      await fs.chmod(d, 0o700).catch(() => undefined);
      for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
        if (e.isDirectory()) await walk(path.join(d, e.name));
      }
    };
    await walk(dir);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * <root>/<id>/conversation.json (the whole conversation), <root>/<id>/summary.json (for fast
 * listing) and <root>/<id>/workspace/ (the code's folder). Saves of one conversation are
 * serialised, so an older snapshot never overwrites a newer one.
 */
export class FileConversationStore implements ConversationStore {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(readonly root: string) {}

  private dir(id: string): string {
    if (!isValidId(id)) throw new ConversationNotFoundError(id);
    return path.join(this.root, id);
  }

  workspaceDir(id: string): string {
    return path.join(this.dir(id), 'workspace');
  }

  async list(): Promise<ConversationSummary[]> {
    const names = await fs.readdir(this.root).catch(() => [] as string[]);
    const out: ConversationSummary[] = [];
    for (const name of names) {
      if (!isValidId(name)) continue;
      try {
        out.push(
          JSON.parse(
            await fs.readFile(path.join(this.root, name, 'summary.json'), 'utf8'),
          ) as ConversationSummary,
        );
      } catch {
        // a folder without a readable summary is not a conversation (or one being created)
      }
    }
    return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async load(id: string): Promise<Conversation> {
    const dir = this.dir(id);
    let text: string;
    try {
      text = await fs.readFile(path.join(dir, 'conversation.json'), 'utf8');
    } catch {
      throw new ConversationNotFoundError(id);
    }
    // temporary files of a save interrupted by a crash are litter: the real file is whole
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      if (name.endsWith('.tmp') && !this.queues.has(id)) await fs.rm(path.join(dir, name), { force: true });
    }
    try {
      return JSON.parse(text) as Conversation;
    } catch {
      throw new Error(`the saved conversation ${id} is damaged and cannot be opened`);
    }
  }

  save(conversation: Conversation): Promise<void> {
    const snapshot = JSON.stringify(conversation);
    const summary = JSON.stringify(summaryOf(conversation));
    const dir = this.dir(conversation.id);
    const previous = this.queues.get(conversation.id) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        await fs.mkdir(dir, { recursive: true, mode: 0o700 });
        await writeAtomic(path.join(dir, 'conversation.json'), snapshot);
        await writeAtomic(path.join(dir, 'summary.json'), summary);
      });
    this.queues.set(conversation.id, next);
    void next.finally(() => {
      if (this.queues.get(conversation.id) === next) this.queues.delete(conversation.id);
    });
    return next;
  }

  async rename(id: string, title: string): Promise<Conversation> {
    const conversation = retitled(await this.load(id), title);
    await this.save(conversation);
    return conversation;
  }

  async delete(id: string): Promise<void> {
    await this.queues.get(id)?.catch(() => undefined);
    await removeTree(this.dir(id));
  }
}
