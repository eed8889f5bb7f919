// The typed shape of every table, for Kysely. Each area keeps its tables in its own file;
// DB joins them. Modules add theirs through their own *-tables.ts and this list.
import type { AuditTables } from '../audit/audit-tables.ts';
import type { CoreTables } from './core-tables.ts';
import type { WorkflowTables } from '../workflow/workflow-tables.ts';
import type { ServiceTables } from '../service-tables.ts';
import type { NotifyTables } from '../notify/notify-tables.ts';
import type { ServicesTables } from '../../modules/services/services-tables.ts';
import type { CasesTables } from '../../modules/cases/cases-tables.ts';
import type { TelematicsTables } from '../../modules/telematics/telematics-tables.ts';
import type { WasteTables } from '../../modules/waste/waste-tables.ts';

export interface DB
  extends
    CoreTables,
    AuditTables,
    WorkflowTables,
    ServiceTables,
    NotifyTables,
    ServicesTables,
    CasesTables,
    TelematicsTables,
    WasteTables {
  schema_migrations: { name: string; applied_at: Date };
}
