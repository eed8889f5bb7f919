// Micro-benchmark (not a test): frames/s through the stream decoder and message decoding.
// Run: node packages/jt808/bench.ts [frames]
import { performance } from 'node:perf_hooks';

import { decodeMessage, encodeMessageFrame, Jt808StreamDecoder } from './src/index.ts';

const frameCount = Number(process.argv[2] ?? 500_000);
const chunkBytes = 64 * 1024;

// A realistic 0x0200 mix: moving trucks around Chongqing with the usual extras.
const frames: Buffer[] = [];
for (let i = 0; i < 1000; i++) {
  frames.push(
    encodeMessageFrame(
      {
        phone: String(13800000000 + (i % 100)),
        serial: i & 0xffff,
        version: i % 2 === 0 ? 2013 : 2019,
      },
      {
        kind: 'location',
        location: {
          alarmBits: i % 50 === 0 ? 1 << 1 : 0,
          statusBits: 0x0303,
          latitude: 29.5 + (i % 97) / 1000,
          longitude: 106.5 + (i % 89) / 1000,
          altitudeM: 250,
          speedKmh: (i % 60) + 0.5,
          direction: (i * 7) % 360,
          time: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
          extras: { mileageKm: 1234.5 + i, fuelL: 80, signalStrength: 25, satellites: 12 },
        },
      },
    ),
  );
}
const stream = Buffer.concat(frames);
const chunks: Buffer[] = [];
for (let offset = 0; offset < stream.length; offset += chunkBytes) {
  chunks.push(stream.subarray(offset, offset + chunkBytes));
}

function run(limit: number): { frames: number; positions: number; errors: number } {
  const decoder = new Jt808StreamDecoder();
  let decoded = 0;
  let positions = 0;
  let errors = 0;
  while (decoded < limit) {
    for (const chunk of chunks) {
      for (const result of decoder.push(chunk)) {
        decoded++;
        if (result.type === 'error') {
          errors++;
          continue;
        }
        const message = decodeMessage(result.packet);
        if (message.type === 'message' && message.message.kind === 'location') positions++;
        else errors++;
      }
    }
  }
  return { frames: decoded, positions, errors };
}

run(50_000); // warm up the JIT
const started = performance.now();
const outcome = run(frameCount);
const seconds = (performance.now() - started) / 1000;
console.log(
  `${outcome.frames} frames (${(stream.length / frames.length).toFixed(0)} bytes each, ` +
    `${chunkBytes / 1024} KiB chunks) in ${seconds.toFixed(2)} s: ` +
    `${Math.round(outcome.frames / seconds).toLocaleString('en')} frames/s decoded to positions, ` +
    `${outcome.errors} errors`,
);
