// Filled in by the workflow engine's migration.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WorkflowTables {}
