// A scripted model's analysis of sales.csv in the real renderer: the loopback OpenAI server with
// `script`, the bridge at 1024×700 with that server as the model, the file opened and started.
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Settings } from '../../electron/model/settings';
import { startOpenAIServer, type OpenAIServer, type Step } from '../support/openai-server';
import { openBridge, ROOT, type Bridge } from './bridge';

export const SALES = path.resolve(ROOT, '..', 'shared', 'datasets', 'sales.csv');

export interface ScriptedAnalysis {
  server: OpenAIServer;
  bridge: Bridge;
  page: Page;
  /** The started conversation. */
  id: string;
}

export async function startScriptedAnalysis(
  dir: string,
  script: Step[],
  settings: Partial<Settings> = {},
): Promise<ScriptedAnalysis> {
  const server = await startOpenAIServer(script, { models: ['analyst-1'] });
  const bridge = await openBridge({
    dataDir: path.join(dir, 'data'),
    openDialog: [SALES],
    viewport: { width: 1024, height: 700 },
    settings: {
      provider: 'compatible',
      baseUrl: server.url,
      model: 'analyst-1',
      securityMode: 'local',
      theme: 'light',
      ...settings,
    },
  });
  const page = bridge.page;
  await page.getByRole('button', { name: 'Open a file…' }).click();
  await page.getByRole('button', { name: 'Start analysis' }).click();
  await page.getByRole('log').waitFor();
  return { server, bridge, page, id: (await bridge.app['conversations:list']())[0]!.id };
}
