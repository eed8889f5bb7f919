// Test support: a minimal JT/T 808 platform that registers anyone, accepts any code and
// answers every message, counting what it received. With `replyEveryMs` it holds its answers
// and sends them in bursts, so a client's frames in flight can be seen.
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  decodeMessage,
  encodeMessageFrame,
  Jt808StreamDecoder,
  type Jt808Header,
  type Jt808MessageInput,
} from '@citygov/jt808';

export interface FakePlatformReceived {
  /** Positions of 0x0200 and of normal 0x0704 batches. */
  locations: number;
  blindArea: number;
  batches: number;
  /** Positions in each normal 0x0704 batch, by count. */
  normalBatchSizes: Map<number, number>;
  registers: number;
  /** The most position frames one connection had unanswered (with replyEveryMs). */
  maxUnanswered: number;
}

/** A minimal platform: registers anyone, accepts any code, answers every message. */
export async function startFakePlatform(options: { replyEveryMs?: number } = {}) {
  const received: FakePlatformReceived = {
    locations: 0,
    blindArea: 0,
    batches: 0,
    normalBatchSizes: new Map(),
    registers: 0,
    maxUnanswered: 0,
  };
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((socket) => {
    const decoder = new Jt808StreamDecoder();
    let serial = 0;
    let held: Buffer[] = [];
    let unanswered = 0;
    if (options.replyEveryMs !== undefined) {
      const timer = setInterval(() => {
        if (held.length > 0 && !socket.destroyed) socket.write(Buffer.concat(held));
        held = [];
        unanswered = 0;
      }, options.replyEveryMs);
      timers.add(timer);
      socket.on('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
    }
    const send = (header: Jt808Header, message: Jt808MessageInput) => {
      const frame = encodeMessageFrame(
        { phone: header.phone, serial: serial++, version: header.version },
        message,
      );
      const isPositionReply =
        message.kind === 'platformGeneralReply' &&
        (message.reply.replyMessageId === 0x0200 || message.reply.replyMessageId === 0x0704);
      if (options.replyEveryMs === undefined || !isPositionReply) {
        socket.write(frame);
        return;
      }
      held.push(frame);
      received.maxUnanswered = Math.max(received.maxUnanswered, ++unanswered);
    };
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      for (const result of decoder.push(chunk)) {
        if (result.type !== 'packet') continue;
        const { header } = result.packet;
        const reply = (result_: number) =>
          send(header, {
            kind: 'platformGeneralReply',
            reply: {
              replySerial: header.serial,
              replyMessageId: header.messageId,
              result: result_,
            },
          });
        const decoded = decodeMessage(result.packet);
        assert.equal(decoded.type, 'message', 'the simulator sends well-formed frames');
        if (decoded.type !== 'message') continue;
        const { message } = decoded;
        if (message.kind === 'register') {
          received.registers++;
          send(header, {
            kind: 'registerReply',
            reply: { replySerial: header.serial, result: 0, authCode: `code-${header.phone}` },
          });
        } else if (message.kind === 'location') {
          received.locations++;
          reply(0);
        } else if (message.kind === 'locationBatch') {
          received.batches++;
          const size = message.batch.locations.length;
          if (message.batch.type === 1) received.blindArea += size;
          else {
            received.locations += size;
            received.normalBatchSizes.set(size, (received.normalBatchSizes.get(size) ?? 0) + 1);
          }
          reply(0);
        } else {
          reply(0);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    received,
    close: () => {
      for (const timer of timers) clearInterval(timer);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
