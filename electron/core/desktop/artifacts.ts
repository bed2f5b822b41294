/**
 * Files the code created, read for display: only files a block listed as artifacts, only inside
 * the conversation's workspace, read from one checked handle (the code may still be swapping the
 * file for a link while the host reads it).
 */
import type { Conversation } from '../../model/agent/conversation';
import { readWorkspaceFile } from '../exec/safe-file';

const MAX_ARTIFACT_BYTES = 25 * 1024 * 1024;

export interface ArtifactDeps {
  conversation(id: string): Promise<Conversation>;
  workspaceDir(id: string): string;
}

export class ArtifactReader {
  constructor(private readonly deps: ArtifactDeps) {}

  /** An image the code created, as a data URL. */
  async read(id: string, name: string): Promise<{ mime: string; dataUrl: string }> {
    const conversation = await this.deps.conversation(id);
    const artifact = conversation.messages
      .flatMap((m) => (m.role === 'assistant' ? m.blocks : []))
      .flatMap((b) => b.result?.artifacts ?? [])
      .find((a) => a.name === name);
    if (!artifact) throw new Error(`${name} is not a file of this conversation`);
    // One open, checked, then read from that handle: the code may still be swapping the file.
    const read = await readWorkspaceFile(this.deps.workspaceDir(id), name, {
      maxBytes: MAX_ARTIFACT_BYTES,
    });
    if (!read.ok) {
      if (read.reason === 'outside') throw new Error(`${name} is not inside the conversation's folder`);
      throw new Error(`${name} ${read.note}`);
    }
    return { mime: artifact.mime, dataUrl: `data:${artifact.mime};base64,${read.data.toString('base64')}` };
  }
}
