import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeFrame } from './frame.ts';
import { decodeMessage, encodeMessageFrame } from './message.ts';
import { RegisterResult } from './message-ids.ts';
import { readTerminalRegister } from './register.ts';
import { expectMessage, expectPacket, fromHex, innerOf, toHex } from './test-support.ts';

function decodeHex(hex: string) {
  return decodeMessage(expectPacket(decodeFrame(innerOf(fromHex(hex)))));
}

describe('0x0100 terminal register', () => {
  it('does decode a 2013 register (SmallChi/JT808 JT808_0x0100Test.cs) and encode it back', () => {
    // 0028 province 40 | 0032 city 50 | "1234\0" BYTE[5] | "smallchi123" BYTE[20]
    // | "CHI123\0" BYTE[7] | colour 01 | D4C1 41 3132333435 = 粤A12345
    const hex =
      '7E0100002D000123456789000A002800323132333400736D616C6C6368693132330000000000000000004348493132330001D4C14131323334358A7E';
    const { register } = expectMessage(decodeHex(hex), 'register');
    assert.deepEqual(register, {
      provinceId: 40,
      cityId: 50,
      manufacturerId: '1234',
      terminalModel: 'smallchi123',
      terminalId: 'CHI123',
      plateColor: 1,
      plate: '粤A12345',
      vin: null,
    });
    const frame = encodeMessageFrame(
      { phone: '123456789', serial: 10 },
      { kind: 'register', register },
    );
    assert.equal(toHex(frame), hex);
  });

  it('does decode a 2019 register with 11/30/30-byte fields and encode it back', () => {
    // SmallChi/JT808 JT808_0x0100Test.cs Test2019_1: the same vehicle with a 2019 header
    // (properties 0x4054, protocol version 01, phone BCD[10] 00000000000123456789).
    const hex =
      '7E010040540100000000000123456789000A002800323132333400000000000000736D616C6C6368693132330000000000000000000000000000000000000043484931323300000000000000000000000000000000000000000000000001D4C1413132333435B27E';
    const result = decodeHex(hex);
    assert.equal(result.type === 'message' && result.header.version, 2019);
    const { register } = expectMessage(result, 'register');
    assert.equal(register.manufacturerId, '1234');
    assert.equal(register.terminalModel, 'smallchi123');
    assert.equal(register.terminalId, 'CHI123');
    assert.equal(register.plate, '粤A12345');
    const frame = encodeMessageFrame(
      { phone: '123456789', serial: 10, version: 2019 },
      { kind: 'register', register },
    );
    assert.equal(toHex(frame), hex);
  });

  it('does decode registers captured from terminals (traccar huabao test data)', () => {
    // traccar/traccar src/test/java/org/traccar/protocol/HuabaoProtocolDecoderTest.java
    const { register } = expectMessage(
      decodeHex(
        '7e0100002d0141305678720024002c012f373031313142534a2d41362d424400000000000000000000003035363738373201d4c14238383838386d7e',
      ),
      'register',
    );
    assert.equal(register.provinceId, 44); // 广东
    assert.equal(register.cityId, 303);
    assert.equal(register.manufacturerId, '70111');
    assert.equal(register.terminalModel, 'BSJ-A6-BD');
    assert.equal(register.terminalId, '0567872');
    assert.equal(register.plate, '粤B88888');
    const other = expectMessage(
      decodeHex(
        '7E0100002D013511221122000500000000373031303748422D52303347424400000000000000000000003233363631303402CBD5424136383630387E',
      ),
      'register',
    ).register;
    assert.equal(other.plateColor, 2);
    assert.equal(other.plate, '苏BA6860');
  });

  it('does read the 8-byte model of a JT/T 808-2011 terminal when the body is too short for 2013', () => {
    // traccar huabao test data again: body length 0x21 = 33 = 2+2+5+8+7+1+8
    const { register } = expectMessage(
      decodeHex(
        '7E01000021013345678906000F002C012F373031313142534A2D4D3742203030303030303001D4C1423838383838B47E',
      ),
      'register',
    );
    assert.equal(register.terminalModel, 'BSJ-M7B ');
    assert.equal(register.terminalId, '0000000');
    assert.equal(register.plate, '粤B88888');
  });

  it('does read the VIN when the plate colour is 0', () => {
    const body = Buffer.concat([
      fromHex('0032 0067'), // 50 重庆, 0103 渝中
      Buffer.from('ABCDE'),
      Buffer.alloc(20),
      Buffer.from('T000001'),
      fromHex('00'),
      Buffer.from('LSVAU2180N2183294'),
    ]);
    const register = readTerminalRegister(body, 2013);
    assert.equal(register.plate, null);
    assert.equal(register.vin, 'LSVAU2180N2183294');
  });

  it('does report truncated for a body shorter than the fixed fields', () => {
    assert.throws(() => readTerminalRegister(new Uint8Array(20), 2013), { kind: 'truncated' });
    assert.throws(() => readTerminalRegister(new Uint8Array(60), 2019), { kind: 'truncated' });
  });

  it('does refuse to encode a field wider than its BYTE[n]', () => {
    const register = {
      provinceId: 50,
      cityId: 103,
      manufacturerId: 'TOOLONG',
      terminalModel: 'M',
      terminalId: 'T',
      plateColor: 2,
      plate: '渝A12345',
      vin: null,
    };
    assert.throws(
      () => encodeMessageFrame({ phone: '1', serial: 1 }, { kind: 'register', register }),
      RangeError,
    );
  });
});

describe('0x8100 register reply', () => {
  it('does decode and re-encode the published success reply with auth code', () => {
    // SmallChi/JT808 JT808_0x8100Test.cs: reply serial 0x0064, result 00, code "123456"
    const hex = '7E81000009012345678900000A006400313233343536687E';
    const { reply } = expectMessage(decodeHex(hex), 'registerReply');
    assert.deepEqual(reply, { replySerial: 100, result: RegisterResult.ok, authCode: '123456' });
    const frame = encodeMessageFrame(
      { phone: '12345678900', serial: 10 },
      { kind: 'registerReply', reply },
    );
    assert.equal(toHex(frame), hex);
  });

  it('does carry no auth code when the result is not 0', () => {
    // SmallChi/JT808 JT808_0x8100Test.cs: result 04 (no such terminal)
    const hex = '7E81000003012345678900000A006404617E';
    const { reply } = expectMessage(decodeHex(hex), 'registerReply');
    assert.deepEqual(reply, {
      replySerial: 100,
      result: RegisterResult.noTerminal,
      authCode: null,
    });
    const frame = encodeMessageFrame(
      { phone: '12345678900', serial: 10 },
      { kind: 'registerReply', reply },
    );
    assert.equal(toHex(frame), hex);
  });

  it('does refuse to encode a success without an auth code', () => {
    const reply = { replySerial: 1, result: RegisterResult.ok, authCode: null };
    assert.throws(
      () => encodeMessageFrame({ phone: '1', serial: 1 }, { kind: 'registerReply', reply }),
      RangeError,
    );
  });
});
