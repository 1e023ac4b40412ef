import type { Settings } from '../../shared/types';
import type { ServiceDeps } from './deps';

const SETTINGS_ID = 'settings';

export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: 10,
  recoveryKeyConfirmed: false,
  userName: '',
  userTitle: '',
  dateLocale: '',
  backupFolder: null,
  backupEveryHours: 24,
  keepBackups: 10,
  lastBackupAt: null,
};

export async function getSettings({ vault }: ServiceDeps): Promise<Settings> {
  const rec = await vault.get<Partial<Settings>>('settings', SETTINGS_ID);
  return { ...DEFAULT_SETTINGS, ...rec?.data };
}

export async function updateSettings({ vault }: ServiceDeps, patch: Partial<Settings>): Promise<Settings> {
  return vault.write(async (w) => {
    const rec = await w.get<Partial<Settings>>('settings', SETTINGS_ID);
    const next: Settings = { ...DEFAULT_SETTINGS, ...rec?.data, ...patch };
    if (rec) await w.update('settings', SETTINGS_ID, next);
    else await w.insert('settings', SETTINGS_ID, next);
    return next;
  });
}
