// Deep links into Settings from anywhere in the renderer (an error's "Open model settings", the
// welcome screen's model card): a window event the app listens for, so features do not import
// the composition root.
export type SettingsSection = 'execution' | 'model' | 'privacy' | 'appearance';

export const OPEN_SETTINGS_EVENT = 'plotwright:open-settings';

export function openSettings(section?: SettingsSection): void {
  window.dispatchEvent(
    new CustomEvent<SettingsSection | undefined>(OPEN_SETTINGS_EVENT, { detail: section }),
  );
}
