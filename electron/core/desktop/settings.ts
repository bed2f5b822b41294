/**
 * The app's settings as main holds them: loaded (and migrated, written back) once, changed only
 * through validated patches, persisted by the shell (electron-store in the app).
 */
import { applyPatch, loadSettings, type Settings, type SettingsPatch } from '../../model/settings';
import type { SettingsPersistence } from './ports';

export class AppSettings {
  private settings: Settings;

  constructor(private readonly persistence: SettingsPersistence) {
    const stored = persistence.read();
    const loaded = loadSettings(stored);
    this.settings = loaded.settings;
    const migrated = (stored as { version?: unknown } | undefined)?.version !== this.settings.version;
    if (migrated || loaded.problems.length) persistence.write(this.settings);
  }

  /** The settings now (a function to hand to services that read them when they act). */
  readonly current = (): Settings => this.settings;

  apply(patch: SettingsPatch): Settings {
    this.settings = applyPatch(this.settings, patch);
    this.persistence.write(this.settings);
    return this.settings;
  }
}
