import { ByteReader, ByteWriter } from './byte-reader.ts';
import { BodyDecodeError } from './decode-error.ts';
import {
  readLocationReport,
  writeLocation,
  type LocationInput,
  type LocationReport,
} from './location.ts';

/** 0x0704 batch of locations. */
export interface LocationBatch {
  /** 0 normal batch, 1 blind-area re-send (positions stored while out of coverage). */
  type: number;
  locations: LocationReport[];
}

/** Read a 0x0704 body: count, type, then count × (WORD length + 0x0200 body). */
export function readLocationBatch(body: Uint8Array): LocationBatch {
  const reader = new ByteReader(body);
  const count = reader.readU16();
  const type = reader.readU8();
  const locations: LocationReport[] = [];
  for (let index = 0; index < count; index++) {
    try {
      const length = reader.readU16();
      const start = reader.skip(length, 'location item');
      locations.push(readLocationReport(body, start, start + length));
    } catch (error) {
      if (!(error instanceof BodyDecodeError)) throw error;
      throw new BodyDecodeError(error.kind, `item ${index + 1} of ${count}: ${error.message}`);
    }
  }
  if (reader.remaining !== 0) {
    throw new BodyDecodeError('bad_length', `${reader.remaining} bytes after ${count} locations`);
  }
  return { type, locations };
}

/** Body of a 0x0704. */
export function encodeLocationBatchBody(batch: {
  type: number;
  locations: readonly LocationInput[];
}): Buffer {
  const writer = new ByteWriter(64 * (batch.locations.length + 1));
  writer.writeU16(batch.locations.length).writeU8(batch.type);
  for (const location of batch.locations) {
    const item = new ByteWriter(64);
    writeLocation(item, location);
    writer.writeU16(item.length).writeBytes(item.toBuffer());
  }
  return writer.toBuffer();
}
