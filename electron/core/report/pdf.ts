// PDF: the HTML report printed by a Chromium-based browser. A port, so the desktop app can plug
// in Electron's printToPDF; the default drives a system Chromium/Chrome/Edge with playwright-core.
import { accessSync, constants } from 'node:fs';

export interface PdfRenderer {
  htmlToPdf(html: string): Promise<Buffer>;
}

export class PdfUnavailableError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(`${message} (${hint})`);
    this.name = 'PdfUnavailableError';
  }
}

const CANDIDATES: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
  ],
};

function executable(file: string): boolean {
  try {
    accessSync(file, process.platform === 'win32' ? constants.R_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `PLOTWRIGHT_CHROMIUM`, then the usual places of Chromium, Chrome and Edge; null when none. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string | null {
  const configured = env.PLOTWRIGHT_CHROMIUM;
  if (configured) return executable(configured) ? configured : null;
  return (CANDIDATES[platform] ?? []).find(executable) ?? null;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** A renderer that starts a headless browser for each document (A4, margins, backgrounds). */
export function chromiumPdfRenderer(opts: { executablePath?: string } = {}): PdfRenderer {
  return {
    async htmlToPdf(html: string): Promise<Buffer> {
      const executablePath = opts.executablePath ?? findChromium();
      if (!executablePath) {
        const configured = process.env.PLOTWRIGHT_CHROMIUM;
        throw new PdfUnavailableError(
          configured
            ? `PDF export: PLOTWRIGHT_CHROMIUM (${configured}) is not an executable`
            : 'PDF export needs Chromium, Google Chrome or Microsoft Edge, and none was found',
          'install one, or set PLOTWRIGHT_CHROMIUM to its executable',
        );
      }
      const browser = await (
        await import('playwright-core')
      ).chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
      try {
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
        const page = await context.newPage();
        // The report makes no requests; refuse any all the same.
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({
          format: 'A4',
          printBackground: true,
          preferCSSPageSize: true,
          margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' },
        });
        return Buffer.from(pdf);
      } finally {
        await browser.close();
      }
    },
  };
}
