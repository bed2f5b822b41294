/**
 * Settings persisted by electron-store (settings.json in the app's data folder). Whatever is on
 * disk goes through `loadSettings` (zod schema, migrations): an old version is migrated and
 * written back, invalid fields return to their defaults, a broken file starts from defaults.
 */
import { isDeepStrictEqual } from 'node:util';
import Store from 'electron-store';
import type { SettingsPersistence } from '../core/desktop/ports';
import { loadSettings, settingsSchema, type Settings } from '../model/settings';

export interface SettingsStoreOptions {
  /** The folder of the file; Electron's userData by default. */
  cwd?: string;
  /** The file name without extension. */
  name?: string;
}

export class ElectronSettingsStore implements SettingsPersistence {
  readonly #store: Store<Record<string, unknown>>;
  /** What loading found wrong (reset fields, a newer version); empty when all was well. */
  readonly problems: string[];

  constructor(options: SettingsStoreOptions = {}) {
    this.#store = new Store<Record<string, unknown>>({
      name: options.name ?? 'settings',
      ...(options.cwd ? { cwd: options.cwd } : {}),
      clearInvalidConfig: true,
      accessPropertiesByDotNotation: false,
    });
    const raw = this.#store.size > 0 ? { ...this.#store.store } : undefined;
    const { settings, problems } = loadSettings(raw);
    this.problems = problems;
    if (!isDeepStrictEqual(raw, settings)) this.write(settings);
  }

  /** The file's path (for messages). */
  get path(): string {
    return this.#store.path;
  }

  read(): unknown {
    return this.#store.store;
  }

  write(settings: Settings): void {
    this.#store.store = { ...settingsSchema.parse(settings) };
  }
}
