// The platform's Ed25519 signing key for licences. It never enters the database: it comes from
// CITYGOV_SIGNING_KEY (base64 PKCS#8 DER), or in demo mode from a key file generated in
// DATA_DIR/secrets. Tests (NODE_ENV=test without a writable DATA_DIR) get a key per process.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The first 16 hex digits of the sha256 of the public key (SPKI DER): names the key. */
  keyId: string;
  publicKeyPem: string;
}

export class MissingSigningKeyError extends Error {}

function keyFrom(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new MissingSigningKeyError('CITYGOV_SIGNING_KEY must be an Ed25519 private key');
  }
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey,
    publicKey,
    keyId: createHash('sha256').update(spki).digest('hex').slice(0, 16),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const fromBase64Der = (b64: string) =>
  keyFrom(createPrivateKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'pkcs8' }));

const newPrivateKeyDer = () =>
  generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'der' })
    .toString('base64');

type KeyConfig = Pick<Config, 'dataDir' | 'isDemo' | 'nodeEnv'>;

/** Loads the signing key: from the environment, else (demo mode) from or into DATA_DIR. */
export function loadSigningKey(config: KeyConfig, envKey = process.env.CITYGOV_SIGNING_KEY) {
  if (envKey) {
    try {
      return fromBase64Der(envKey);
    } catch (error) {
      if (error instanceof MissingSigningKeyError) throw error;
      throw new MissingSigningKeyError(
        'CITYGOV_SIGNING_KEY is not a base64 PKCS#8 Ed25519 private key',
      );
    }
  }
  if (!config.isDemo) {
    throw new MissingSigningKeyError(
      'CITYGOV_SIGNING_KEY is not set: electronic licences cannot be signed. Generate one with ' +
        '`openssl genpkey -algorithm ed25519 -outform DER | base64 -w0` and keep it out of the database.',
    );
  }
  const file = path.join(config.dataDir, 'secrets', 'licence-signing.key');
  try {
    if (fs.existsSync(file)) return fromBase64Der(fs.readFileSync(file, 'utf8').trim());
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const der = newPrivateKeyDer();
    fs.writeFileSync(file, der, { mode: 0o600, flag: 'wx' });
    return fromBase64Der(der);
  } catch (error) {
    if (config.nodeEnv !== 'test') throw error;
    return fromBase64Der(newPrivateKeyDer());
  }
}

let cached: { config: KeyConfig; key: SigningKey } | undefined;

/**
 * The key for this configuration, loaded once per process. Without one (production with no
 * CITYGOV_SIGNING_KEY) signing answers 503 and the transaction that needed it is undone.
 */
export function signingKeyFor(config: KeyConfig): SigningKey {
  if (cached?.config.dataDir !== config.dataDir) {
    try {
      cached = { config, key: loadSigningKey(config) };
    } catch (error) {
      if (!(error instanceof MissingSigningKeyError)) throw error;
      throw new AppError('unavailable', error.message);
    }
  }
  return cached.key;
}
