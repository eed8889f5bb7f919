// Shared services' tables: uploaded files, the records that use them, Idempotency-Key answers.
import type { ColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface FilesTable {
  sha256: string;
  size: ColumnType<number, number, never>;
  media_type: string;
  created_at: CreatedAt;
  /** Principal identity of the first uploader (user:<id>, api_key:<id>). */
  created_by: string;
  region_code: string;
}

export interface FileRefsTable {
  sha256: string;
  /** 'upload' for an uploader (owner_id = principal identity), else a record kind. */
  owner_type: string;
  owner_id: string;
  region_code: string;
  name: string | null;
  created_at: CreatedAt;
}

export interface IdempotencyKeysTable {
  principal: string;
  key: string;
  method: string;
  path: string;
  request_hash: string;
  /** NULL while the first request is still in flight. */
  status: number | null;
  response_body: string | null;
  response_type: string | null;
  created_at: CreatedAt;
  completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ServiceTables {
  files: FilesTable;
  file_refs: FileRefsTable;
  idempotency_keys: IdempotencyKeysTable;
}
