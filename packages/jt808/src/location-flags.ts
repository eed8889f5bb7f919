// Alarm and status bits of 0x0200 (JT/T 808-2013 tables 24 and 25, with the 2019 additions).

/** Alarm names by bit number; bits not listed are reserved. */
export const ALARM_BITS = {
  sos: 0,
  overspeed: 1,
  fatigue: 2,
  /** 2013: danger warning; 2019: dangerous driving behaviour. */
  danger: 3,
  gnssFault: 4,
  gnssAntennaDisconnected: 5,
  gnssAntennaShort: 6,
  mainPowerLow: 7,
  mainPowerOff: 8,
  displayFault: 9,
  ttsFault: 10,
  cameraFault: 11,
  icCardFault: 12,
  overspeedWarning: 13,
  fatigueWarning: 14,
  /** 2019 only. */
  drivingViolation: 15,
  /** 2019 only. */
  tyrePressureWarning: 16,
  /** 2019 only. */
  rightTurnBlindSpot: 17,
  dailyDrivingTimeout: 18,
  parkingOvertime: 19,
  geofenceInOut: 20,
  routeInOut: 21,
  routeTime: 22,
  routeDeviation: 23,
  vssFault: 24,
  fuelAbnormal: 25,
  theft: 26,
  illegalIgnition: 27,
  illegalDisplacement: 28,
  collision: 29,
  rollover: 30,
  illegalDoorOpen: 31,
} as const;

export type AlarmName = keyof typeof ALARM_BITS;

const ALARM_NAMES_BY_BIT: (AlarmName | undefined)[] = [];
for (const [name, bit] of Object.entries(ALARM_BITS)) ALARM_NAMES_BY_BIT[bit] = name as AlarmName;

/** Names of the alarm bits that are set (reserved bits are left out). */
export function readAlarmNames(alarmBits: number): AlarmName[] {
  const names: AlarmName[] = [];
  for (let bits = alarmBits >>> 0, bit = 0; bits !== 0; bits >>>= 1, bit++) {
    if ((bits & 1) === 0) continue;
    const name = ALARM_NAMES_BY_BIT[bit];
    if (name !== undefined) names.push(name);
  }
  return names;
}

/** Alarm DWORD with the named bits set. */
export function composeAlarmBits(names: readonly AlarmName[]): number {
  let bits = 0;
  for (const name of names) bits |= 1 << ALARM_BITS[name];
  return bits >>> 0;
}

/** Bits 8–9: how loaded the vehicle is. */
export type LoadState = 'empty' | 'half' | 'reserved' | 'full';

const LOAD_STATES: readonly LoadState[] = ['empty', 'half', 'reserved', 'full'];

export interface StatusFlags {
  isAccOn: boolean; // 0
  isPositioned: boolean; // 1
  isSouth: boolean; // 2
  isWest: boolean; // 3
  isOutOfService: boolean; // 4
  isCoordinateEncrypted: boolean; // 5
  hasForwardCollisionWarning: boolean; // 6 (2019)
  hasLaneDepartureWarning: boolean; // 7 (2019)
  load: LoadState; // 8–9
  isOilCut: boolean; // 10
  isCircuitCut: boolean; // 11
  isDoorLocked: boolean; // 12
  isDoor1Open: boolean; // 13 front door
  isDoor2Open: boolean; // 14 middle door
  isDoor3Open: boolean; // 15 rear door
  isDoor4Open: boolean; // 16 driver's door
  isDoor5Open: boolean; // 17 custom
  isGpsUsed: boolean; // 18
  isBeidouUsed: boolean; // 19
  isGlonassUsed: boolean; // 20
  isGalileoUsed: boolean; // 21
  isMoving: boolean; // 22 (2019)
}

type BooleanStatus = Exclude<keyof StatusFlags, 'load'>;

const STATUS_BITS: Record<BooleanStatus, number> = {
  isAccOn: 0,
  isPositioned: 1,
  isSouth: 2,
  isWest: 3,
  isOutOfService: 4,
  isCoordinateEncrypted: 5,
  hasForwardCollisionWarning: 6,
  hasLaneDepartureWarning: 7,
  isOilCut: 10,
  isCircuitCut: 11,
  isDoorLocked: 12,
  isDoor1Open: 13,
  isDoor2Open: 14,
  isDoor3Open: 15,
  isDoor4Open: 16,
  isDoor5Open: 17,
  isGpsUsed: 18,
  isBeidouUsed: 19,
  isGlonassUsed: 20,
  isGalileoUsed: 21,
  isMoving: 22,
};

/** Readable flags of a status DWORD. */
export function readStatusFlags(statusBits: number): StatusFlags {
  const has = (bit: number) => (statusBits & (1 << bit)) !== 0;
  return {
    isAccOn: has(0),
    isPositioned: has(1),
    isSouth: has(2),
    isWest: has(3),
    isOutOfService: has(4),
    isCoordinateEncrypted: has(5),
    hasForwardCollisionWarning: has(6),
    hasLaneDepartureWarning: has(7),
    load: LOAD_STATES[(statusBits >>> 8) & 0b11]!,
    isOilCut: has(10),
    isCircuitCut: has(11),
    isDoorLocked: has(12),
    isDoor1Open: has(13),
    isDoor2Open: has(14),
    isDoor3Open: has(15),
    isDoor4Open: has(16),
    isDoor5Open: has(17),
    isGpsUsed: has(18),
    isBeidouUsed: has(19),
    isGlonassUsed: has(20),
    isGalileoUsed: has(21),
    isMoving: has(22),
  };
}

/** Status DWORD from flags (missing flags are 0, load defaults to empty). */
export function composeStatusBits(flags: Partial<StatusFlags>): number {
  let bits = 0;
  // Over the flags given (a handful), not every known one: simulators call this per position.
  for (const name in flags) {
    const bit = STATUS_BITS[name as BooleanStatus];
    if (bit !== undefined && flags[name as BooleanStatus] === true) bits |= 1 << bit;
  }
  bits |= LOAD_STATES.indexOf(flags.load ?? 'empty') << 8;
  return bits >>> 0;
}

// Decoded reports share their alarm names and status flags: a fleet reports few distinct bit
// patterns, and a fresh array and object per position showed as garbage collection.
const MAX_CACHED = 4096;
const NO_ALARMS: readonly AlarmName[] = Object.freeze([]);
const alarmNamesCache = new Map<number, readonly AlarmName[]>();
const statusFlagsCache = new Map<number, Readonly<StatusFlags>>();

/** readAlarmNames, frozen and shared between reports with the same bits. */
export function sharedAlarmNames(alarmBits: number): readonly AlarmName[] {
  if (alarmBits === 0) return NO_ALARMS;
  let names = alarmNamesCache.get(alarmBits);
  if (names === undefined) {
    names = Object.freeze(readAlarmNames(alarmBits));
    if (alarmNamesCache.size >= MAX_CACHED) alarmNamesCache.clear();
    alarmNamesCache.set(alarmBits, names);
  }
  return names;
}

/** readStatusFlags, frozen and shared between reports with the same bits. */
export function sharedStatusFlags(statusBits: number): Readonly<StatusFlags> {
  let flags = statusFlagsCache.get(statusBits);
  if (flags === undefined) {
    flags = Object.freeze(readStatusFlags(statusBits));
    if (statusFlagsCache.size >= MAX_CACHED) statusFlagsCache.clear();
    statusFlagsCache.set(statusBits, flags);
  }
  return flags;
}
