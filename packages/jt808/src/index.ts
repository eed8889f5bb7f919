// @citygov/jt808: our own JT/T 808 (2013 and 2019) codec. See README.md.
export { decodeBcd, decodeBcdTime, encodeBcd, encodeBcdTime } from './bcd.ts';
export type { DecodeErrorKind, Jt808DecodeError } from './decode-error.ts';
export { computeCheck, escapeBytes, unescapeBytes } from './escape.ts';
export { decodeFrame, encodeFrame, encodeSplitFrames } from './frame.ts';
export type { FrameResult, Jt808Packet } from './frame.ts';
export { DEFAULT_MAX_FRAME_BYTES, FrameSplitter } from './frame-splitter.ts';
export type { FrameSplitterOptions, SplitEvent } from './frame-splitter.ts';
export { decodeGbk, encodeGbk } from './gbk.ts';
export { MAX_BODY_LENGTH } from './header.ts';
export type { HeaderInput, Jt808Header, Jt808Version, SubPackageInfo } from './header.ts';
export type { TerminalAuthentication } from './authenticate.ts';
export type { GeneralReply } from './general-reply.ts';
export type { LocationBatch } from './location-batch.ts';
export {
  ALARM_BITS,
  composeAlarmBits,
  composeStatusBits,
  readAlarmNames,
  readStatusFlags,
} from './location-flags.ts';
export type { AlarmName, LoadState, StatusFlags } from './location-flags.ts';
export type {
  LocationExtraItem,
  LocationExtras,
  LocationInput,
  LocationReport,
} from './location.ts';
export { decodeMessage, encodeMessage, encodeMessageBody, encodeMessageFrame } from './message.ts';
export type { Jt808Message, Jt808MessageInput, MessageResult } from './message.ts';
export { GeneralReplyResult, LocationBatchType, MessageId, RegisterResult } from './message-ids.ts';
export type { MessageKind } from './message-ids.ts';
export type { RegisterReply } from './register-reply.ts';
export type { TerminalRegister } from './register.ts';
export { Jt808StreamDecoder } from './stream-decoder.ts';
export { SubPackageAssembler } from './sub-package-assembler.ts';
export type {
  AssembleResult,
  ExpiredSet,
  SubPackageAssemblerOptions,
} from './sub-package-assembler.ts';
