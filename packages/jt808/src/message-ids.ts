/** Message ids this codec decodes and encodes. */
export const MessageId = {
  terminalGeneralReply: 0x0001,
  heartbeat: 0x0002,
  logout: 0x0003,
  register: 0x0100,
  authenticate: 0x0102,
  location: 0x0200,
  locationBatch: 0x0704,
  platformGeneralReply: 0x8001,
  registerReply: 0x8100,
} as const;

export type MessageKind = keyof typeof MessageId;

/** Result codes of 0x8001 (0x0001 uses 0–3). */
export const GeneralReplyResult = {
  ok: 0,
  fail: 1,
  badMessage: 2,
  unsupported: 3,
  alarmConfirmed: 4,
} as const;

/** Result codes of 0x8100. */
export const RegisterResult = {
  ok: 0,
  vehicleRegistered: 1,
  noVehicle: 2,
  terminalRegistered: 3,
  noTerminal: 4,
} as const;

/** 0x0704 location type. */
export const LocationBatchType = { normal: 0, blindArea: 1 } as const;
