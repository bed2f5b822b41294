// What `analyse` and `check-model` both take: which assistant (--offline, or --base-url and
// --model with --api-key-env), and --mode — read and checked once, here.
import { executionFor } from '../../model/settings';
import type { ExecMode } from '../../model/exec/types';

/** parseArgs options for the assistant and the mode. */
export const MODEL_OPTIONS = {
  offline: { type: 'boolean' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  'api-key-env': { type: 'string' },
  mode: { type: 'string' },
} as const;

export interface ModelArgs {
  baseUrl?: string;
  model?: string;
  apiKeyEnv?: string;
  /** Where code runs (`--mode tools` runs the tools' templates in the auto sandbox). */
  mode: ExecMode;
  /** `tools`: the model calls the analysis tools and its own code never runs. */
  execution: 'on' | 'tools';
}

const MODES = ['auto', 'docker', 'local', 'tools'] as const;

export function modelArgs(v: {
  offline?: boolean;
  'base-url'?: string;
  model?: string;
  'api-key-env'?: string;
  mode?: string;
}): ModelArgs | { error: string } {
  if (v.offline && (v['base-url'] || v.model))
    return { error: '--offline cannot be combined with --base-url or --model' };
  if (Boolean(v['base-url']) !== Boolean(v.model)) return { error: '--base-url and --model go together' };
  const mode = (v.mode ?? 'auto') as (typeof MODES)[number];
  if (!MODES.includes(mode)) return { error: '--mode must be auto, docker, local or tools' };
  const { mode: where, execution } = executionFor(mode);
  return {
    baseUrl: v['base-url'],
    model: v.model,
    apiKeyEnv: v['api-key-env'],
    mode: where,
    execution: execution === 'tools' ? 'tools' : 'on',
  };
}

/**
 * The API key for `--base-url`: from $NAME (--api-key-env) or $OPENAI_API_KEY when set; an error
 * line when --api-key-env names a variable that is not set.
 */
export function apiKeyOf(
  args: Pick<ModelArgs, 'baseUrl' | 'apiKeyEnv'>,
  env: NodeJS.ProcessEnv = process.env,
): { apiKey?: string } | { error: string } {
  if (!args.baseUrl) return {};
  const name = args.apiKeyEnv ?? 'OPENAI_API_KEY';
  const apiKey = env[name] || undefined;
  if (args.apiKeyEnv && !apiKey) return { error: `the environment variable ${name} is not set` };
  return { apiKey };
}
