// Every benchmark scenario, in the order a full run measures them. Add one line per scenario.
import type { Scenario } from '../lib/scenario.ts';
import { sessionReadScenario } from './session-read.ts';
import { workflowScenario } from './workflow.ts';
import { wasteRulesScenario } from './waste-rules.ts';
import { telematicsScenario } from './telematics.ts';
import { casesScenario } from './cases.ts';
import { servicesScenario } from './services.ts';

export const scenarios: readonly Scenario[] = [
  workflowScenario,
  sessionReadScenario,
  wasteRulesScenario,
  telematicsScenario,
  servicesScenario,
  casesScenario,
];
