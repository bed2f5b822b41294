// How a settings section saves a change (SettingsDialog passes it down): resolves to true when
// saved; a refused change is explained in one line by the dialog.
import type { SettingsPatch } from '../../../electron/model/settings';
import type { Confirmation } from '../platform/settings-context';

export type Save = (patch: SettingsPatch, confirm?: Confirmation) => Promise<boolean>;
