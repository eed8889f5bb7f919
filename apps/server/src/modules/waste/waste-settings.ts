// Manifest rules an administrator sets (settings key waste.manifests): the discrepancy
// threshold (DOMAIN.md: 10%) and the days before an unresolved discrepancy goes to the
// regulator (15). Read per use: a change applies at once in every process.
import { Value } from 'typebox/value';
import { WasteManifestSettings } from '@citygov/contracts';
import type { Db } from '../../platform/db/database.ts';

export const MANIFEST_SETTINGS_KEY = 'waste.manifests';

export const defaultManifestSettings: WasteManifestSettings = {
  discrepancyPercent: 10,
  discrepancyEscalationDays: 15,
};

/** The settings in force: the stored values over the defaults (a bad stored value is ignored). */
export async function readManifestSettings(db: Db): Promise<WasteManifestSettings> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', MANIFEST_SETTINGS_KEY)
    .executeTakeFirst();
  const merged = { ...defaultManifestSettings, ...(row?.value as object | undefined) };
  return Value.Check(WasteManifestSettings, merged) ? merged : defaultManifestSettings;
}

export async function writeManifestSettings(db: Db, value: WasteManifestSettings): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: MANIFEST_SETTINGS_KEY, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}
