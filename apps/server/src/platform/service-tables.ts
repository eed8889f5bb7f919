// Shared services' tables (files, notifications, idempotency keys): filled in with their migration.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ServiceTables {}
