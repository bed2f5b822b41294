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

/** Sent when the settings dialog closes (the welcome screen's key status reloads then). */
export const SETTINGS_CLOSED_EVENT = 'plotwright:settings-closed';

export const SETTINGS_SECTIONS: { id: SettingsSection; label: string }[] = [
  { id: 'execution', label: 'Code execution' },
  { id: 'model', label: 'Model & key' },
  { id: 'privacy', label: 'Privacy' },
  { id: 'appearance', label: 'Appearance' },
];

function isSection(value: unknown): value is SettingsSection {
  return SETTINGS_SECTIONS.some((s) => s.id === value);
}

/** Calls `listener` with the section asked for (the first one when none was named). */
export function onOpenSettings(listener: (section: SettingsSection) => void): () => void {
  const handle = (e: Event) => {
    const detail = (e as CustomEvent<unknown>).detail;
    listener(isSection(detail) ? detail : 'execution');
  };
  window.addEventListener(OPEN_SETTINGS_EVENT, handle);
  return () => window.removeEventListener(OPEN_SETTINGS_EVENT, handle);
}
