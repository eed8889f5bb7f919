import { ByteReader, ByteWriter } from './byte-reader.ts';
import { BodyDecodeError } from './decode-error.ts';
import { decodeGbkField, encodeGbk } from './gbk.ts';
import type { Jt808Version } from './header.ts';

/** 0x0100 terminal register. */
export interface TerminalRegister {
  /** Province id (GB/T 2260 first two digits, e.g. 50 for Chongqing). */
  provinceId: number;
  /** City or county id (GB/T 2260 last four digits). */
  cityId: number;
  manufacturerId: string;
  terminalModel: string;
  terminalId: string;
  /** JT/T 415 plate colour; 0 means not yet plated and the vehicle field is the VIN. */
  plateColor: number;
  /** Plate (GBK) when plateColor is not 0. */
  plate: string | null;
  /** VIN when plateColor is 0. */
  vin: string | null;
}

interface FieldWidths {
  manufacturer: number;
  model: number;
  terminalId: number;
}

const WIDTHS: Record<Jt808Version, FieldWidths> = {
  2013: { manufacturer: 5, model: 20, terminalId: 7 },
  2019: { manufacturer: 11, model: 30, terminalId: 30 },
};
// JT/T 808-2011 terminals (still on the road) send an 8-byte model; a 2013-header body too
// short for the 2013 layout is read with it rather than rejected.
const WIDTHS_2011: FieldWidths = { manufacturer: 5, model: 8, terminalId: 7 };

/** Read a 0x0100 body of the given header version. */
export function readTerminalRegister(body: Uint8Array, version: Jt808Version): TerminalRegister {
  let widths = WIDTHS[version];
  if (
    version === 2013 &&
    body.length < fixedLength(widths) &&
    body.length >= fixedLength(WIDTHS_2011)
  ) {
    widths = WIDTHS_2011;
  }
  if (body.length < fixedLength(widths)) {
    throw new BodyDecodeError(
      'truncated',
      `${version} register body needs at least ${fixedLength(widths)} bytes, has ${body.length}`,
    );
  }
  const reader = new ByteReader(body);
  const provinceId = reader.readU16();
  const cityId = reader.readU16();
  const manufacturerId = decodeGbkField(reader.readBytes(widths.manufacturer));
  const terminalModel = decodeGbkField(reader.readBytes(widths.model));
  const terminalId = decodeGbkField(reader.readBytes(widths.terminalId));
  const plateColor = reader.readU8();
  const vehicle = decodeGbkField(reader.readRest());
  return {
    provinceId,
    cityId,
    manufacturerId,
    terminalModel,
    terminalId,
    plateColor,
    plate: plateColor === 0 ? null : vehicle,
    vin: plateColor === 0 ? vehicle : null,
  };
}

/** Body of a 0x0100 for the given version; fixed fields are right-padded with 0x00. */
export function encodeTerminalRegisterBody(
  register: TerminalRegister,
  version: Jt808Version,
): Buffer {
  const widths = WIDTHS[version];
  const vehicle = register.plateColor === 0 ? register.vin : register.plate;
  return new ByteWriter(96)
    .writeU16(register.provinceId)
    .writeU16(register.cityId)
    .writeFixed(encodeGbk(register.manufacturerId), widths.manufacturer, 'manufacturer id')
    .writeFixed(encodeGbk(register.terminalModel), widths.model, 'terminal model')
    .writeFixed(encodeGbk(register.terminalId), widths.terminalId, 'terminal id')
    .writeU8(register.plateColor)
    .writeBytes(encodeGbk(vehicle ?? ''))
    .toBuffer();
}

function fixedLength(widths: FieldWidths): number {
  return 2 + 2 + widths.manufacturer + widths.model + widths.terminalId + 1;
}
