// The tasks module (交办任务): the kernel's own workflow resource.
import { grantPermissions } from '../../platform/auth/permissions.ts';

// Acting on a task; which action each role may take is the workflow definition's business.
grantPermissions({
  handler: ['tasks:act'],
  leader: ['tasks:act'],
  supervisor: ['tasks:act'],
  admin: ['tasks:act'],
});

export { registerTasksRoutes } from './tasks-routes.ts';
export { createTask, listTasks } from './tasks-service.ts';
export { tasksWorkflow } from './tasks-workflow.ts';
