// The monitoring thresholds: defaults here, an administrator's values in the settings table
// (key waste.monitoring), checked against the contract. Each process holds the values in force
// and re-reads them every minute, so an edit made through another process applies within it.
import { Value } from 'typebox/value';
import { WasteMonitoringSettings, type WasteViolationRule } from '@citygov/contracts';
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';

export const MONITORING_SETTINGS_KEY = 'waste.monitoring';

export const defaultMonitoringSettings: WasteMonitoringSettings = {
  // 60 km/h: the usual urban limit for muck trucks; terminals' own limits vary, so the
  // platform judges the reported speed against its own threshold.
  overspeedKmh: 60,
  overspeedMinSeconds: 10,
  stopSpeedKmh: 3,
  dumpingStopMinutes: 10,
  nightBan: { from: '23:00', to: '05:00' },
  coverOpenMinSeconds: 30,
  offRouteMinSeconds: 30,
  corridorToleranceM: 30,
  endAfterSeconds: 60,
  arrivalTimeoutMinutes: 180,
  plateMinConfidence: 0.8,
  // Speeding is the traffic police's to enforce: recorded, but no city-management case.
  caseRules: [
    'off_route',
    'unapproved_dumping',
    'night_ban',
    'cover_open',
    'no_manifest',
    'manifest_not_arrived',
    'checkpoint_no_manifest',
  ],
  caseJoinMinutes: 60,
};

/** The settings in the units the rules use (milliseconds, minutes of the Beijing day). */
export interface CompiledSettings {
  source: WasteMonitoringSettings;
  overspeedKmh: number;
  overspeedMinMs: number;
  stopSpeedKmh: number;
  dumpingStopMs: number;
  /** Minutes after Beijing midnight; from === to: no ban. */
  banFromMinute: number;
  banToMinute: number;
  coverOpenMinMs: number;
  offRouteMinMs: number;
  corridorToleranceM: number;
  endAfterMs: number;
  caseRules: ReadonlySet<WasteViolationRule>;
}

const minuteOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

export function compileSettings(settings: WasteMonitoringSettings): CompiledSettings {
  return {
    source: settings,
    overspeedKmh: settings.overspeedKmh,
    overspeedMinMs: settings.overspeedMinSeconds * 1000,
    stopSpeedKmh: settings.stopSpeedKmh,
    dumpingStopMs: settings.dumpingStopMinutes * 60_000,
    banFromMinute: settings.nightBan ? minuteOf(settings.nightBan.from) : 0,
    banToMinute: settings.nightBan ? minuteOf(settings.nightBan.to) : 0,
    coverOpenMinMs: settings.coverOpenMinSeconds * 1000,
    offRouteMinMs: settings.offRouteMinSeconds * 1000,
    corridorToleranceM: settings.corridorToleranceM,
    endAfterMs: settings.endAfterSeconds * 1000,
    caseRules: new Set(settings.caseRules),
  };
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Minutes after midnight, Beijing time (no daylight saving), of an instant. */
export const beijingMinuteOfDay = (ms: number) =>
  Math.floor(((((ms + BEIJING_OFFSET_MS) % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);

/** Whether a minute of the day lies in [from, to), wrapping past midnight when to < from. */
export function isWithinMinutes(minute: number, from: number, to: number): boolean {
  if (from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** The stored settings merged over the defaults (a value that no longer checks is ignored). */
export async function readMonitoringSettings(db: Db): Promise<WasteMonitoringSettings> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', MONITORING_SETTINGS_KEY)
    .executeTakeFirst();
  const merged = { ...defaultMonitoringSettings, ...(row?.value as object | undefined) };
  return Value.Check(WasteMonitoringSettings, merged) ? merged : defaultMonitoringSettings;
}

export async function writeMonitoringSettings(
  db: Db,
  settings: WasteMonitoringSettings,
): Promise<void> {
  await sql`INSERT INTO settings (key, value) VALUES (${MONITORING_SETTINGS_KEY}, ${JSON.stringify(settings)}::jsonb)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`.execute(db);
}

/** The compiled settings of one database, re-read at most every `maxAgeMs`. */
export class SettingsHolder {
  #current: CompiledSettings;
  #readAt = 0;

  constructor(initial: WasteMonitoringSettings = defaultMonitoringSettings) {
    this.#current = compileSettings(initial);
  }

  get current(): CompiledSettings {
    return this.#current;
  }

  set(settings: WasteMonitoringSettings): void {
    this.#current = compileSettings(settings);
    this.#readAt = Date.now();
  }

  async refresh(db: Db, maxAgeMs = 0): Promise<CompiledSettings> {
    if (Date.now() - this.#readAt >= maxAgeMs) this.set(await readMonitoringSettings(db));
    return this.#current;
  }
}
