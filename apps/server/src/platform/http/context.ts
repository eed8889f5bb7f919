// What every route registration receives: configuration and the shared services.
import type { Config, DatabaseKind } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { PersonalDataCipher } from '../crypto/personal-data.ts';

export interface AppContext {
  config: Config;
  db: Db;
  dbKind: DatabaseKind;
  cipher: PersonalDataCipher;
}
