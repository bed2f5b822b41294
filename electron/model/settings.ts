/**
 * The desktop app's settings: a zod schema with defaults, and migrations from older versions.
 * Stored by electron-store in the app (electron/main/settings-store.ts) and by a JSON file in
 * the test bridge; both go through `loadSettings`, so a bad or old file never breaks the app.
 */
import { z } from 'zod';
import { DEFAULTS } from './defaults';
import type { ConversationSettings } from './agent/conversation';
import type { ExecMode } from './exec/types';

export const SETTINGS_VERSION = 3;

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  /** Auto / Docker / Local restricted / Off (nothing runs) / Tools (no model code, vetted tools only). */
  securityMode: z.enum(['auto', 'docker', 'local', 'off', 'tools']),
  approval: z.enum(['never', 'always', 'unsandboxed']),
  timeoutSeconds: z.number().int().min(5).max(3600),
  memoryMb: z.number().int().min(256).max(262_144),
  /** What the code may write (workspace and temporary files), enforced while it runs. */
  diskMb: z.number().int().min(16).max(1_048_576),
  maxTurns: z.number().int().min(1).max(50),
  provider: z.enum(['builtin', 'openai', 'compatible']),
  baseUrl: z.string().max(2000),
  model: z.string().max(300),
  privacy: z.enum(['schema', 'sample', 'none']),
  theme: z.enum(['light', 'dark', 'system']),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_APP_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  securityMode: 'auto',
  approval: 'unsandboxed',
  timeoutSeconds: DEFAULTS.timeoutSeconds,
  memoryMb: DEFAULTS.memoryMb,
  diskMb: DEFAULTS.diskMb,
  maxTurns: DEFAULTS.maxTurns,
  provider: 'builtin',
  baseUrl: 'https://api.openai.com/v1',
  model: 'gpt-4o-mini',
  privacy: 'sample',
  theme: 'system',
};

/** What the renderer may change (version is not its business). */
export const settingsPatchSchema = settingsSchema.omit({ version: true }).partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

type Raw = Record<string, unknown>;

/** Each migration takes the stored object of version N to version N + 1. */
export const MIGRATIONS: Record<number, (old: Raw) => Raw> = {
  // v1 kept the timeout in milliseconds and called the security mode "executionMode"; `off` was a separate flag.
  1: (old) => {
    const { timeoutMs, executionMode, executionOff, ...rest } = old;
    return {
      ...rest,
      version: 2,
      timeoutSeconds: typeof timeoutMs === 'number' ? Math.round(timeoutMs / 1000) : undefined,
      securityMode: executionOff === true ? 'off' : executionMode,
    };
  },
  // v2's default approval was `never`, stored without the user ever confirming it: code then ran
  // unattended wherever no sandbox was verified. v3 asks first (`unsandboxed`) until they choose again.
  2: (old) => ({ ...old, version: 3, approval: old.approval === 'never' ? 'unsandboxed' : old.approval }),
};

/** Whatever was stored → valid settings: migrated, invalid fields back to their defaults. */
export function loadSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  let data: Raw = raw && typeof raw === 'object' ? { ...(raw as Raw) } : {};
  let version = typeof data.version === 'number' ? data.version : raw === undefined ? SETTINGS_VERSION : 1;
  if (version > SETTINGS_VERSION) {
    problems.push(`settings from a newer Plotwright (version ${version}) were reset to defaults`);
    return { settings: { ...DEFAULT_APP_SETTINGS }, problems };
  }
  while (version < SETTINGS_VERSION) {
    const migrate = MIGRATIONS[version];
    data = migrate ? migrate(data) : { ...data, version: version + 1 };
    version += 1;
  }
  const settings: Raw = { ...DEFAULT_APP_SETTINGS };
  const shape = settingsSchema.shape;
  for (const key of Object.keys(shape) as (keyof Settings)[]) {
    if (data[key] === undefined) continue;
    const parsed = shape[key].safeParse(data[key]);
    if (parsed.success) settings[key] = parsed.data;
    else problems.push(`setting ${key} was invalid and is back to its default`);
  }
  settings.version = SETTINGS_VERSION;
  return { settings: settingsSchema.parse(settings), problems };
}

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** The model endpoint the settings point at (OpenAI's own for the openai provider). */
export function endpointOf(s: Settings): string {
  return s.provider === 'openai' ? OPENAI_BASE_URL : s.baseUrl;
}

export function applyPatch(current: Settings, patch: SettingsPatch): Settings {
  return settingsSchema.parse({ ...current, ...settingsPatchSchema.parse(patch) });
}

/**
 * Where code runs and whether the model's own code may run, for a security mode: `off` shows code
 * and runs none; `tools` runs only the tools' templates, in the auto sandbox.
 */
export function executionFor(mode: Settings['securityMode']): {
  mode: ExecMode;
  execution: ConversationSettings['execution'];
} {
  if (mode === 'off') return { mode: 'auto', execution: 'off' };
  if (mode === 'tools') return { mode: 'auto', execution: 'tools' };
  return { mode, execution: 'on' };
}

/** What a new conversation runs with. */
export function conversationSettings(
  s: Settings,
  fileBytes: number,
  memoryFor: (bytes: number) => number,
): ConversationSettings {
  return {
    ...executionFor(s.securityMode),
    approval: s.approval,
    maxTurns: s.maxTurns,
    privacy: s.privacy,
    timeoutMs: s.timeoutSeconds * 1000,
    memoryMb: Math.max(s.memoryMb, memoryFor(fileBytes)),
    diskMb: s.diskMb,
  };
}

/**
 * The plain words the settings page shows for each security mode: what each is built to do. What
 * it does here is what the isolation probe observed (SandboxStatus.isolation), shown beside it.
 */
export const MODE_DESCRIPTIONS: Record<Settings['securityMode'], string> = {
  auto: 'Docker when it is available, otherwise the local sandbox; whichever passes the isolation probe is preferred, and code that would run unverified asks you first.',
  docker:
    'Always a Docker container: no network, a non-root user, a read-only system, memory, CPU, process and disk limits; only the conversation folder is visible. Code does not run when Docker is unavailable.',
  local:
    'The local sandbox: bubblewrap on Linux, Seatbelt on macOS (no network, your files hidden), time, memory and disk limits. Windows has none: code there runs unconfined, only with your consent.',
  off: 'Code is shown but never run.',
  tools:
    'The model never has code executed: it calls vetted analysis tools (profile, aggregate, top n, trend, distribution, correlation, count, chart), which run reviewed templates in the sandbox with its arguments as data.',
};
