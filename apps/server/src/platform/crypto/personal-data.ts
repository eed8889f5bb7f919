// Personal data at rest: AES-256-GCM encryption and a keyed hash (HMAC-SHA256) to search by.
// The key comes from CITYGOV_DATA_KEY; in demo mode a generated key file in DATA_DIR.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface PersonalDataCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** Keyed hash of a normalized value: equal inputs give equal hashes, searchable by index. */
  blindIndex(value: string): string;
}

export class MissingKeyError extends Error {}

/** Loads the key: from the environment, else (demo mode only) from or into DATA_DIR. */
export function loadDataKey(opts: {
  envKey: string | undefined;
  dataDir: string;
  isDemo: boolean;
}): Buffer {
  if (opts.envKey) return Buffer.from(opts.envKey, 'base64');
  const file = path.join(opts.dataDir, 'secrets', 'data.key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (!opts.isDemo) {
    throw new MissingKeyError(
      'CITYGOV_DATA_KEY is not set: personal data cannot be encrypted. Generate one with ' +
        '`openssl rand -base64 32` and keep it outside the database.',
    );
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

export function createCipher(masterKey: Buffer): PersonalDataCipher {
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const encKey = derive('citygov/personal-data/encryption/v1');
  const indexKey = derive('citygov/personal-data/blind-index/v1');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(stored) {
      if (!stored.startsWith('v1.')) throw new Error('unknown personal-data format');
      const raw = Buffer.from(stored.slice(3), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    blindIndex(value) {
      return createHmac('sha256', indexKey).update(value.trim().toUpperCase()).digest('hex');
    },
  };
}
