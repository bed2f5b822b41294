/**
 * A conversation's execution session: opened in its mode with its limits and its data file as
 * the only input; what runs the code (sandbox, Python, packages) is reported once it is open.
 */
import { existsSync } from 'node:fs';
import type { ExecutorService } from '../exec/executor';
import type { ExecSession } from '../exec/session';
import type { Conversation, ExecutionInfo } from '../../model/agent/conversation';
import type { ConversationStore } from './store';

export async function openExecSession(
  deps: { executor: ExecutorService; store: ConversationStore },
  conv: Conversation,
  onInfo: (info: ExecutionInfo) => void,
): Promise<ExecSession> {
  const { settings, file, id } = conv;
  const inputs = file && existsSync(file.originalPath) ? [file.originalPath] : [];
  const session = await deps.executor.openSession({
    workspaceDir: deps.store.workspaceDir(id),
    inputs,
    conversationId: id,
    mode: settings.mode,
    limits: {
      timeoutMs: settings.timeoutMs,
      memoryMb: settings.memoryMb,
      ...(settings.diskMb ? { diskMb: settings.diskMb } : {}),
    },
  });
  const info = await session.kernelInfo();
  const packages: Record<string, string> = {};
  for (const name of ['pandas', 'numpy', 'matplotlib'] as const)
    if (info?.[name]) packages[name] = info[name]!;
  onInfo({
    mode: session.mode,
    description: session.sandbox.description,
    warnings: session.sandbox.warnings,
    isolation: session.sandbox.isolation ?? undefined,
    python: info?.python,
    executable: info?.executable,
    packages,
  });
  return session;
}
