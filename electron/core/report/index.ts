// Report export: a conversation as HTML, Markdown, a notebook, a script and a PDF. Never
// overwrites: when a name is taken, every file of the export gets the next free suffix (-2, -3…).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ReportFormat } from '../../model/report-formats';
import { copyWorkspaceFile } from '../exec/safe-file';
import { allBlocks, dateStamp, figureNote, MAX_FIGURE_BYTES, reportItems, slug } from './common';
import { renderHtml } from './html';
import { figurePlaces, renderMarkdown, safeFileName, type PlacedFigure } from './markdown';
import { renderNotebook } from './notebook';
import type { ReportContext } from './context';
import { chromiumPdfRenderer, type PdfRenderer } from './pdf';
import { renderScript } from './script';

export interface ExportOptions {
  /** How to print the PDF (default: a system Chromium through playwright-core). */
  pdf?: PdfRenderer;
  /** File names without extension (default: the title's slug and the date). */
  baseName?: string;
}

export { renderHtml } from './html';
export { renderMarkdown } from './markdown';
export { renderNotebook } from './notebook';
export { renderScript } from './script';
export { chromiumPdfRenderer, findChromium, PdfUnavailableError, type PdfRenderer } from './pdf';
export { chartToSvg } from '../../model/charts/svg';
export { provenance, type Provenance } from './provenance';
export type { ReportContext } from './context';

export function defaultBaseName(ctx: ReportContext): string {
  return `${slug(ctx.conversation.title)}-${dateStamp(ctx.generatedAt ?? new Date())}`;
}

/** A caller's base name made safe: one path segment, no extension games. */
function cleanBaseName(name: string): string {
  const base = path
    .basename(name.trim())
    .replace(/[<>:"/\\|?*\p{Cc}]+/gu, '-')
    .replace(/^\.+/, '');
  return base || 'report';
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** The outputs of one export under `base`: each format's file, plus the Markdown folder. */
function targets(base: string, formats: ReportFormat[]): string[] {
  const names = formats.map((f) => `${base}.${f}`);
  if (formats.includes('md')) names.push(`${base}_files`);
  return names;
}

async function freeBase(outDir: string, base: string, formats: ReportFormat[]): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const taken = await Promise.all(targets(candidate, formats).map((t) => exists(path.join(outDir, t))));
    if (!taken.some(Boolean)) return candidate;
  }
}

/** Writes a new file; fails rather than replace one that appeared meanwhile. */
async function writeNew(file: string, data: string | Buffer | Uint8Array): Promise<void> {
  await fs.writeFile(file, data, { flag: 'wx' });
}

/**
 * The .md file and its folder. Figures are copied first, each from one checked handle on the
 * workspace file (never by path: the code may still be swapping it for a symlink), so the text
 * says exactly what was copied and what was skipped.
 */
async function writeMarkdown(ctx: ReportContext, outDir: string, base: string): Promise<string> {
  const filesDir = `${base}_files`;
  const dir = path.join(outDir, filesDir);
  let made = false;
  const makeDir = async () => {
    if (!made) await fs.mkdir(dir);
    made = true;
  };
  const placed = new Map<string, PlacedFigure>();
  for (const { block, number } of allBlocks(reportItems(ctx.conversation))) {
    for (const [artifact, name] of figurePlaces(block, number, filesDir)) {
      await makeDir();
      const copied = await copyWorkspaceFile(ctx.workspaceDir, artifact.name, path.join(outDir, name), {
        maxBytes: MAX_FIGURE_BYTES,
      });
      placed.set(name, copied.ok ? { ok: true } : { ok: false, note: figureNote(artifact, copied.note) });
    }
  }
  const { markdown, files } = renderMarkdown(ctx, { filesDir, placed });
  for (const f of files) {
    await makeDir();
    await writeNew(path.join(dir, safeFileName(f.name.slice(filesDir.length + 1))), f.content);
  }
  if (made && (await fs.readdir(dir)).length === 0) await fs.rmdir(dir);
  const file = path.join(outDir, `${base}.md`);
  await writeNew(file, markdown);
  return file;
}

/**
 * Writes the report in each format to `outDir` (created when missing) and returns the paths
 * written, in the order of `formats`.
 */
export async function exportReports(
  ctx: ReportContext,
  formats: ReportFormat[],
  outDir: string,
  opts: ExportOptions = {},
): Promise<string[]> {
  const wanted = [...new Set(formats)];
  const context: ReportContext = { ...ctx, generatedAt: ctx.generatedAt ?? new Date() };
  await fs.mkdir(outDir, { recursive: true });
  const base = await freeBase(
    outDir,
    opts.baseName ? cleanBaseName(opts.baseName) : defaultBaseName(context),
    wanted,
  );
  let html: string | null = null;
  const htmlOnce = () => (html ??= renderHtml(context));
  // The PDF first: when no browser is available, nothing is written.
  const pdf = wanted.includes('pdf') ? await (opts.pdf ?? chromiumPdfRenderer()).htmlToPdf(htmlOnce()) : null;
  const written: string[] = [];
  for (const format of wanted) {
    const file = path.join(outDir, `${base}.${format}`);
    switch (format) {
      case 'html':
        await writeNew(file, htmlOnce());
        break;
      case 'md':
        await writeMarkdown(context, outDir, base);
        break;
      case 'ipynb':
        await writeNew(file, JSON.stringify(renderNotebook(context), null, 1) + '\n');
        break;
      case 'py':
        await writeNew(file, renderScript(context, { fileName: `${base}.py` }));
        break;
      case 'pdf':
        await writeNew(file, pdf!);
        break;
      default:
        throw new Error(`unknown report format ${String(format)}`);
    }
    written.push(file);
  }
  return written;
}
