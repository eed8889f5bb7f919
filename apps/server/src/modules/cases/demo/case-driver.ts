// Drives cases through the real loop at chosen times (intake, steps, photos), for the demo
// city's cases and for tests with hand-computed indicators: the same functions the HTTP routes
// call, with `now` set, so history, deadlines, the rollup and notices are what they would be.
import { Readable } from 'node:stream';
import type { CaseChannel, CreateCaseBody, WorkflowView } from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { loadUserPrincipal } from '../../../platform/auth/sessions.ts';
import { defaultAllowedMediaTypes } from '../../../platform/files/index.ts';
// The upload service itself: a seeded photo is stored exactly like an uploaded one.
import { storeUpload } from '../../../platform/files/file-service.ts';
import { reportCase } from '../loop/case-intake.ts';
import { actOnCase, performCaseAction } from '../loop/case-actions.ts';

// A 1×1 PNG; a tag appended after IEND makes each photo a file of its own.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Stores a small photo as uploaded by `principal`; returns its sha256. */
export async function storeDemoPhoto(
  ctx: AppContext,
  principal: Principal,
  tag: string,
): Promise<string> {
  const stored = await storeUpload(
    ctx.db,
    {
      dataDir: ctx.config.dataDir,
      maxBytes: ctx.config.uploadMaxBytes,
      allowedMediaTypes: defaultAllowedMediaTypes,
    },
    principal,
    {
      stream: Readable.from([Buffer.concat([png, Buffer.from(`#${tag}`)])]),
      filename: `${tag}.png`,
    },
  );
  return stored.sha256;
}

/** The principal of a user by username (as a session would build it). */
export async function principalOf(ctx: AppContext, username: string): Promise<Principal> {
  const user = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const principal = await loadUserPrincipal(ctx.db, user.id, {
    sessionId: null,
    isCookieAuth: false,
  });
  if (!principal) throw new Error(`user ${username} is disabled`);
  return principal;
}

type StepBody = { note?: string; data?: Record<string, unknown> };

/** What a step left that a script needs next (without building the whole view). */
export interface StepOutcome {
  state: string;
  departmentId: number | null;
  stateDeadlineAt: Date | null;
}

export interface CaseDriver {
  report(at: Date, who: Principal, body: CreateCaseBody, channel?: CaseChannel): Promise<number>;
  /** A step, answered as the API answers it (the case view). */
  act(
    at: Date,
    who: Principal,
    caseId: number,
    action: string,
    body?: StepBody,
  ): Promise<WorkflowView>;
  /** A step, answered briefly. */
  step(
    at: Date,
    who: Principal,
    caseId: number,
    action: string,
    body?: StepBody,
  ): Promise<StepOutcome>;
  /** A photo of `who` (one per person and stage, reused). */
  photo(who: Principal, stage: string): Promise<string>;
}

export function caseDriver(ctx: AppContext): CaseDriver {
  const photos = new Map<string, string>();
  return {
    async report(at, who, body, channel) {
      const result = await reportCase(
        ctx,
        who,
        { forceNew: true, ...body },
        { now: at, ...(channel && { channel }) },
      );
      return result.case.id;
    },
    act: (at, who, caseId, action, body = {}) =>
      actOnCase(ctx, who, String(caseId), action, body, { now: at }),
    async step(at, who, caseId, action, body = {}) {
      const { instance } = await performCaseAction(ctx, who, String(caseId), action, body, {
        now: at,
      });
      return {
        state: instance.state,
        departmentId: instance.department_id,
        stateDeadlineAt: instance.state_deadline_at,
      };
    },
    async photo(who, stage) {
      const key = `${who.username}:${stage}`;
      let sha = photos.get(key);
      if (!sha) {
        sha = await storeDemoPhoto(ctx, who, `${stage}-${who.username}`);
        photos.set(key, sha);
      }
      return sha;
    },
  };
}
