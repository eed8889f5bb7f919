// The workflow engine's public face: domains import from here only.
export {
  definitionOf,
  OWNER,
  registerDefinition,
  registerWorkflowGuard,
  statesWhereRoleActs,
  validateDefinition,
  WorkflowDefinitionError,
  type GuardContext,
  type WorkflowDefinition,
  type WorkflowGuard,
} from './definition.ts';
export {
  holdsActionRole,
  performAction,
  startInstance,
  type PerformActionInput,
  type StartInstanceInput,
  type TransitionResult,
} from './engine.ts';
export {
  findInstance,
  INSTANCE_ID_RESERVATION,
  reserveInstanceId,
  type InstanceRef,
  type WorkflowInstance,
} from './instance-repository.ts';
export {
  planStartInstance,
  rememberStarted,
  startCtes,
  startParamCount,
  startParams,
  type FollowUpStep,
  type PlannedStart,
} from './start-write.ts';
export { availableActions, viewInstance, type ViewOptions } from './view.ts';
export { registerWorkflowRoutes, type WorkflowRouteOptions } from './routes.ts';
export { fireTimer, type TimerOutcome } from './timers.ts';
