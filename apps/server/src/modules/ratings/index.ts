// The ratings module (好差评), its public face: rating finished applications, the public
// aggregate, and the rectification of bad ratings on the workflow engine.
import type { FastifyInstance } from 'fastify';
import { grantPermissions } from '../../platform/auth/permissions.ts';
import { subscribe } from '../../platform/events/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { notifyRaterOfReply, REPLY_TOPIC } from './rating-notices.ts';
import { registerRatingRoutes } from './rating-routes.ts';
import { ACT_ON_RECTIFICATIONS, READ_RECTIFICATIONS, SUBMIT_RATINGS } from './rating-service.ts';

grantPermissions({ citizen: [SUBMIT_RATINGS], enterprise: [SUBMIT_RATINGS] });
// The rated agency's reviewers and approvers rectify; supervisors review; leaders follow.
grantPermissions({
  reviewer: [READ_RECTIFICATIONS, ACT_ON_RECTIFICATIONS],
  approver: [READ_RECTIFICATIONS, ACT_ON_RECTIFICATIONS],
  supervisor: [READ_RECTIFICATIONS, ACT_ON_RECTIFICATIONS],
  leader: [READ_RECTIFICATIONS],
  admin: [READ_RECTIFICATIONS],
});

let unsubscribe: (() => void) | undefined;

export function registerRatingsModule(app: FastifyInstance, ctx: AppContext): void {
  // One subscription per process, however many apps are built (tests build several).
  unsubscribe ??= subscribe(REPLY_TOPIC, notifyRaterOfReply);
  registerRatingRoutes(app, ctx);
}

export {
  createRating,
  LEVEL_LABELS,
  RATEABLE_STATES,
  readRectificationLimit,
  RECTIFICATION_LIMIT_SETTING,
  summarizeRatings,
} from './rating-service.ts';
export { RECTIFICATION_SUBJECT, rectificationWorkflow } from './rating-workflow.ts';
export type { RatingTables } from './rating-tables.ts';
