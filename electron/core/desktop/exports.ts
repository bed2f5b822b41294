/**
 * Exports of a conversation: written where the user chose in the save dialog, then known by an
 * exportId only, so the renderer can ask to open or show a file the app wrote and nothing else.
 */
import path from 'node:path';
import type { ExportResult } from '../../shared/contract';
import { newId } from '../agent/engine';
import type { Conversation } from '../../model/agent/conversation';
import { reportFormat, type ReportFormat } from '../../model/report-formats';
import { exportReports } from '../report/index';
import type { DesktopPorts } from './ports';

/**
 * Exports the app may open with their default application: documents that run nothing. A .py
 * opened on Windows runs in Python as the user, with network; a notebook may start a kernel.
 */
const OPENABLE = new Set<ReportFormat>(['html', 'pdf']);
const mayOpen = (format: ReportFormat, file: string) => OPENABLE.has(format) && /\.(html|pdf)$/i.test(file);

/** The name the save dialog suggests: the title, made safe for a file name. */
function suggestedName(title: string, format: ReportFormat): string {
  const base =
    title
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'analysis';
  return `${base}.${reportFormat(format).extension}`;
}

export interface ExportDeps {
  ports: Pick<DesktopPorts, 'dialogs' | 'shell' | 'pdf'>;
  /** The conversation as it stands (live or saved) and its workspace folder. */
  conversation(id: string): Promise<Conversation>;
  workspaceDir(id: string): string;
}

export class ExportService {
  private readonly written = new Map<string, { file: string; format: ReportFormat }>();

  constructor(private readonly deps: ExportDeps) {}

  /** Exports through the save dialog; null when the user cancelled. */
  async export(id: string, format: ReportFormat): Promise<ExportResult | null> {
    const conversation = await this.deps.conversation(id);
    const target = await this.deps.ports.dialogs.chooseSaveLocation(
      suggestedName(conversation.title, format),
      format,
    );
    if (!target) return null;
    const baseName = path.basename(target).replace(/\.[^.]+$/, '');
    const [written] = await exportReports(
      { conversation, workspaceDir: this.deps.workspaceDir(id) },
      [format],
      path.dirname(target),
      { pdf: this.deps.ports.pdf, baseName },
    );
    const exportId = newId('e');
    this.written.set(exportId, { file: written!, format });
    const open = mayOpen(format, written!);
    return { exportId, path: written!, format, open, reveal: !open };
  }

  private exported(exportId: string) {
    const exported = this.written.get(exportId);
    if (!exported) throw new Error('unknown export');
    return exported;
  }

  /** Opens an HTML or PDF export with its default application; never a script or a notebook. */
  async open(exportId: string): Promise<void> {
    const exported = this.exported(exportId);
    if (!mayOpen(exported.format, exported.file))
      throw new Error(
        `${path.basename(exported.file)} is not opened from Plotwright (it would run outside the sandbox): use Show in folder`,
      );
    await this.deps.ports.shell.openPath(exported.file);
  }

  /** Shows an export in the OS file manager. */
  async reveal(exportId: string): Promise<void> {
    await this.deps.ports.shell.showItemInFolder(this.exported(exportId).file);
  }
}
