// The conversation store's in-memory fake, with the file store's behaviour: for tests of the
// engine and the desktop handlers (never shipped with the app).
import path from 'node:path';
import type { Conversation, ConversationSummary } from '../../electron/model/agent/conversation';
import {
  ConversationNotFoundError,
  removeTree,
  retitled,
  summaryOf,
  type ConversationStore,
} from '../../electron/core/agent/store';

export class MemoryConversationStore implements ConversationStore {
  private readonly items = new Map<string, string>();

  constructor(private readonly workspaceRoot: string) {}

  workspaceDir(id: string): string {
    return path.join(this.workspaceRoot, id, 'workspace');
  }

  async list(): Promise<ConversationSummary[]> {
    return [...this.items.values()]
      .map((t) => summaryOf(JSON.parse(t) as Conversation))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async load(id: string): Promise<Conversation> {
    const text = this.items.get(id);
    if (!text) throw new ConversationNotFoundError(id);
    return JSON.parse(text) as Conversation;
  }

  async save(conversation: Conversation): Promise<void> {
    this.items.set(conversation.id, JSON.stringify(conversation));
  }

  async rename(id: string, title: string): Promise<Conversation> {
    const conversation = retitled(await this.load(id), title);
    await this.save(conversation);
    return conversation;
  }

  async delete(id: string): Promise<void> {
    this.items.delete(id);
    await removeTree(path.join(this.workspaceRoot, id));
  }
}
