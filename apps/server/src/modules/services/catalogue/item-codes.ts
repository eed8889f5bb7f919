// Service item codes.
//
// Basic code (基本编码): type code (2 letters) + main item (5 digits) + sub item (3 digits,
// 000 when the item has no sub items), e.g. XK00031001 = 行政许可, main item 00031, sub item 001.
// One basic item may be implemented by many agencies.
//
// Implementation code (实施编码): <division>-<agency>-<basic code>, e.g.
// 500000-CQ-SCJGJ-XK00031001 = implemented city-wide (500000) by the department whose code is
// CQ-SCJGJ. The division is the item's region (6, 9 or 12 digits); the agency is the
// implementing department's code (upper-case letters, digits, hyphens). It reads from the
// widest scope to the narrowest, and its last 10 characters are always the basic code, so it
// parses back unambiguously even though agency codes contain hyphens.
import type { ServiceItemType } from '@citygov/contracts';

export const itemTypeNames: Readonly<Record<ServiceItemType, string>> = {
  XK: '行政许可',
  CF: '行政处罚',
  QZ: '行政强制',
  ZS: '行政征收',
  JF: '行政给付',
  JC: '行政检查',
  QR: '行政确认',
  JL: '行政奖励',
  CJ: '行政裁决',
  QT: '其他行政权力',
  GG: '公共服务',
};

export const isItemType = (code: string): code is ServiceItemType =>
  Object.hasOwn(itemTypeNames, code);

const basicPattern = /^([A-Z]{2})((?!00000)[0-9]{5})([0-9]{3})$/;
const agencyPattern = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;
const implementationPattern =
  /^([0-9]{6}(?:[0-9]{3}){0,2})-([A-Z0-9]+(?:-[A-Z0-9]+)*)-([A-Z]{2}[0-9]{8})$/;

export interface BasicCodeParts {
  typeCode: ServiceItemType;
  mainCode: string;
  subCode: string;
}

/** The basic code of a type, main item and sub item; throws on a malformed part. */
export function buildBasicCode(parts: BasicCodeParts): string {
  const code = `${parts.typeCode}${parts.mainCode}${parts.subCode}`;
  if (!isItemType(parts.typeCode) || !basicPattern.test(code)) {
    throw new RangeError(`not a valid basic code: ${code}`);
  }
  return code;
}

/** The parts of a basic code, or null when it is not one. */
export function parseBasicCode(code: string): BasicCodeParts | null {
  const m = basicPattern.exec(code);
  if (!m || !isItemType(m[1]!)) return null;
  return { typeCode: m[1], mainCode: m[2]!, subCode: m[3]! };
}

/** The agency segment a department code gives, or null when it cannot form one. */
export function agencySegmentOf(departmentCode: string): string | null {
  const segment = departmentCode.trim().toUpperCase();
  return agencyPattern.test(segment) ? segment : null;
}

export interface ImplementationCodeParts extends BasicCodeParts {
  regionCode: string;
  agencyCode: string;
  basicCode: string;
}

/** The implementation code of a basic item implemented by an agency in a region. */
export function buildImplementationCode(
  basic: BasicCodeParts,
  regionCode: string,
  departmentCode: string,
): string {
  const agency = agencySegmentOf(departmentCode);
  if (!agency) throw new RangeError(`department code ${departmentCode} cannot form an item code`);
  if (!/^[0-9]{6}([0-9]{3}){0,2}$/.test(regionCode)) {
    throw new RangeError(`not a division code: ${regionCode}`);
  }
  return `${regionCode}-${agency}-${buildBasicCode(basic)}`;
}

/** The parts of an implementation code, or null when it is not one. */
export function parseImplementationCode(code: string): ImplementationCodeParts | null {
  const m = implementationPattern.exec(code);
  if (!m) return null;
  const basic = parseBasicCode(m[3]!);
  if (!basic) return null;
  return { ...basic, regionCode: m[1]!, agencyCode: m[2]!, basicCode: m[3]! };
}
