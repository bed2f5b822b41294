// The app's settings, loaded once and changed through `api.updateSettings` (main validates).
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { DEFAULT_APP_SETTINGS } from '../../../electron/model/settings';
import type { Settings, SettingsPatch } from '../../../electron/model/settings';
import type { InvokeArgs } from '../../../electron/shared/contract';
import { api } from './api';
import { useToast } from './toast';
import { oneLine } from '../../../electron/model/text/one-line';

export type Confirmation = NonNullable<InvokeArgs<'settings:update'>[1]>;

interface SettingsState {
  settings: Settings;
  loaded: boolean;
  /**
   * Resolves to null when saved, or one line saying why not. `confirm`: the user confirmed running
   * code without asking where no sandbox is verified (main refuses `approval: never` otherwise).
   */
  update(patch: SettingsPatch, confirm?: Confirmation): Promise<string | null>;
}

const SettingsContext = createContext<SettingsState | null>(null);

export function useSettings(): SettingsState {
  const ctx = useContext(SettingsContext);
  if (!ctx) throw new Error('useSettings outside SettingsProvider');
  return ctx;
}

export function SettingsProvider({ children }: { children: ReactNode }) {
  const toast = useToast();
  const [settings, setSettings] = useState<Settings>(DEFAULT_APP_SETTINGS);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    void toast
      .attempt(() => api().getSettings(), 'Could not load the settings')
      .then((s) => {
        if (!live) return;
        if (s) setSettings(s);
        setLoaded(true);
      });
    return () => {
      live = false;
    };
  }, [toast]);
  // Optimistic: the change shows at once; main's answer (validated, saved) replaces it, and a
  // refusal puts the saved settings back.
  const update = useCallback(async (patch: SettingsPatch, confirm?: Confirmation) => {
    setSettings((s) => ({ ...s, ...patch }));
    try {
      setSettings(await (confirm ? api().updateSettings(patch, confirm) : api().updateSettings(patch)));
      return null;
    } catch (err) {
      const saved = await api()
        .getSettings()
        .catch(() => null);
      if (saved) setSettings(saved);
      return oneLine(err);
    }
  }, []);
  const value = useMemo(() => ({ settings, loaded, update }), [settings, loaded, update]);
  useTheme(settings.theme);
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

/** Sets `data-theme` on <html> to light or dark, following the OS when the setting is `system`. */
function useTheme(theme: Settings['theme']) {
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      const dark = theme === 'dark' || (theme === 'system' && media.matches);
      document.documentElement.dataset.theme = dark ? 'dark' : 'light';
      document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}

export function modelLabel(s: Settings): string {
  if (s.provider === 'builtin') return 'Built-in analyst';
  if (s.provider === 'openai') return `${s.model || 'no model'} · OpenAI`;
  let host = s.baseUrl;
  try {
    host = new URL(s.baseUrl).host;
  } catch {
    // keep as typed
  }
  return `${s.model || 'no model'} at ${host}`;
}
