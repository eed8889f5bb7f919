import { decodeBcdTime, encodeBcdTime, isAllZero } from './bcd.ts';
import { ByteWriter } from './byte-reader.ts';
import { BodyDecodeError } from './decode-error.ts';
import {
  sharedAlarmNames,
  sharedStatusFlags,
  type AlarmName,
  type StatusFlags,
} from './location-flags.ts';

/** An additional-information item kept as bytes (unknown id, or a known id with a wrong length). */
export interface LocationExtraItem {
  id: number;
  value: Uint8Array;
}

/** Additional information (TLV) of a 0x0200 body. */
export interface LocationExtras {
  /** 0x01, DWORD 0.1 km. */
  mileageKm?: number;
  /** 0x02, WORD 0.1 L. */
  fuelL?: number;
  /** 0x03, WORD 0.1 km/h, from the tachograph. */
  tachographSpeedKmh?: number;
  /** 0x25, extended vehicle signal status DWORD (lights, brake, reverse ...). */
  vehicleSignalBits?: number;
  /** 0x2A, IO status WORD (deep sleep, sleep). */
  ioStatusBits?: number;
  /** 0x30, wireless signal strength BYTE. */
  signalStrength?: number;
  /** 0x31, GNSS satellites in view BYTE. */
  satellites?: number;
  /** Every other item, in arrival order. */
  others: LocationExtraItem[];
  /** Bytes after the last whole item when an item's length runs past the body. */
  malformedTail?: Uint8Array;
}

/** 0x0200 location report (also each item of 0x0704). */
export interface LocationReport {
  alarmBits: number;
  statusBits: number;
  /** Shared between reports with the same bits: read only. */
  alarms: readonly AlarmName[];
  /** Shared between reports with the same bits: read only. */
  status: Readonly<StatusFlags>;
  /** Degrees, negative in the south (status bit 2). */
  latitude: number;
  /** Degrees, negative in the west (status bit 3). */
  longitude: number;
  altitudeM: number;
  speedKmh: number;
  /** 0–359, 0 is north, clockwise. */
  direction: number;
  /** The GNSS time; null when the terminal sent all zeros (no fix yet). */
  time: Date | null;
  extras: LocationExtras;
}

/** What the encoder needs; a decoded LocationReport is accepted as is. */
export interface LocationInput {
  alarmBits?: number;
  /** Bits 2 (south) and 3 (west) are set from the signs of latitude and longitude. */
  statusBits?: number;
  latitude: number;
  longitude: number;
  altitudeM?: number;
  speedKmh?: number;
  direction?: number;
  time: Date | null;
  extras?: Partial<LocationExtras>;
}

const BASE_LENGTH = 28;
const SOUTH_BIT = 1 << 2;
const WEST_BIT = 1 << 3;

interface KnownExtra {
  id: number;
  length: number;
  key: Exclude<keyof LocationExtras, 'others' | 'malformedTail'>;
  scale: number;
}

const KNOWN_EXTRAS: readonly KnownExtra[] = [
  { id: 0x01, length: 4, key: 'mileageKm', scale: 10 },
  { id: 0x02, length: 2, key: 'fuelL', scale: 10 },
  { id: 0x03, length: 2, key: 'tachographSpeedKmh', scale: 10 },
  { id: 0x25, length: 4, key: 'vehicleSignalBits', scale: 1 },
  { id: 0x2a, length: 2, key: 'ioStatusBits', scale: 1 },
  { id: 0x30, length: 1, key: 'signalStrength', scale: 1 },
  { id: 0x31, length: 1, key: 'satellites', scale: 1 },
];

const KNOWN_BY_ID = new Map(KNOWN_EXTRAS.map((extra) => [extra.id, extra]));

const u16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const u32 = (b: Uint8Array, o: number) =>
  ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

/** Items of additional information are rarely unknown: reports share this until one is. */
const NO_OTHERS: LocationExtraItem[] = Object.freeze([]) as unknown as LocationExtraItem[];

/**
 * Read a 0x0200 body (or the item of a 0x0704 between `start` and `end`); throws
 * BodyDecodeError ('truncated' | 'bad_value'). Reads the bytes in place: at tens of thousands
 * of positions a second, a reader, a view and a slice per field showed as garbage collection.
 */
export function readLocationReport(body: Uint8Array, start = 0, end = body.length): LocationReport {
  if (end - start < BASE_LENGTH) {
    throw new BodyDecodeError(
      'truncated',
      `location needs ${BASE_LENGTH} bytes, has ${end - start}`,
    );
  }
  const alarmBits = u32(body, start);
  const statusBits = u32(body, start + 4);
  const latitudeRaw = u32(body, start + 8);
  const longitudeRaw = u32(body, start + 12);
  const altitudeM = u16(body, start + 16);
  const speedRaw = u16(body, start + 18);
  const direction = u16(body, start + 20);
  let time: Date | null = null;
  if (!isAllZero(body, start + 22, start + 28)) {
    time = decodeBcdTime(body, start + 22);
    if (time === null) {
      throw new BodyDecodeError(
        'bad_value',
        `time ${Buffer.from(body.subarray(start + 22, start + 28)).toString('hex')} is not a BCD date`,
      );
    }
  }
  return {
    alarmBits,
    statusBits,
    alarms: sharedAlarmNames(alarmBits),
    status: sharedStatusFlags(statusBits),
    latitude: ((statusBits & SOUTH_BIT) !== 0 ? -latitudeRaw : latitudeRaw) / 1e6,
    longitude: ((statusBits & WEST_BIT) !== 0 ? -longitudeRaw : longitudeRaw) / 1e6,
    altitudeM,
    speedKmh: speedRaw / 10,
    direction,
    time,
    extras: readExtras(body, start + BASE_LENGTH, end),
  };
}

function readExtras(bytes: Uint8Array, start: number, end: number): LocationExtras {
  const extras: LocationExtras = { others: NO_OTHERS };
  let offset = start;
  while (offset < end) {
    if (end - offset < 2 || bytes[offset + 1]! > end - offset - 2) {
      extras.malformedTail = bytes.subarray(offset, end);
      break;
    }
    const id = bytes[offset]!;
    const length = bytes[offset + 1]!;
    const valueAt = offset + 2;
    offset = valueAt + length;
    const known = KNOWN_BY_ID.get(id);
    if (known === undefined || known.length !== length || extras[known.key] !== undefined) {
      if (extras.others === NO_OTHERS) extras.others = [];
      extras.others.push({ id, value: bytes.subarray(valueAt, offset) });
      continue;
    }
    let value = 0;
    for (let i = valueAt; i < offset; i++) value = value * 256 + bytes[i]!;
    extras[known.key] = value / known.scale;
  }
  return extras;
}

/** Body of a 0x0200; throws RangeError for values that do not fit their fields. */
export function encodeLocationBody(location: LocationInput): Buffer {
  const writer = new ByteWriter(64);
  writeLocation(writer, location);
  return writer.toBuffer();
}

/** Append a 0x0200 body to a writer (shared with 0x0704). */
export function writeLocation(writer: ByteWriter, location: LocationInput): void {
  const { latitude, longitude } = location;
  if (!(Math.abs(latitude) <= 90)) throw new RangeError(`latitude ${latitude} is not within ±90`);
  if (!(Math.abs(longitude) <= 180)) {
    throw new RangeError(`longitude ${longitude} is not within ±180`);
  }
  let statusBits = (location.statusBits ?? 0) & ~(SOUTH_BIT | WEST_BIT);
  if (isNegative(latitude)) statusBits |= SOUTH_BIT;
  if (isNegative(longitude)) statusBits |= WEST_BIT;
  writer
    .writeU32((location.alarmBits ?? 0) >>> 0)
    .writeU32(statusBits >>> 0)
    .writeU32(Math.round(Math.abs(latitude) * 1e6))
    .writeU32(Math.round(Math.abs(longitude) * 1e6))
    .writeU16(location.altitudeM ?? 0)
    .writeU16(Math.round((location.speedKmh ?? 0) * 10))
    .writeU16(location.direction ?? 0)
    .writeBytes(encodeBcdTime(location.time));
  const extras = location.extras ?? {};
  for (const known of KNOWN_EXTRAS) {
    const value = extras[known.key];
    if (value === undefined) continue;
    writer.writeU8(known.id).writeU8(known.length);
    writeUnsigned(writer, Math.round(value * known.scale), known.length);
  }
  for (const item of extras.others ?? []) {
    if (item.value.length > 0xff) throw new RangeError(`extra 0x${item.id.toString(16)} too long`);
    writer.writeU8(item.id).writeU8(item.value.length).writeBytes(item.value);
  }
}

function isNegative(value: number): boolean {
  return value < 0 || Object.is(value, -0);
}

function writeUnsigned(writer: ByteWriter, value: number, length: number): void {
  if (length === 1) writer.writeU8(value);
  else if (length === 2) writer.writeU16(value);
  else writer.writeU32(value);
}
