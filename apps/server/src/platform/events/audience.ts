// Who may receive an event on the live stream: staff (and API keys) holding 'events:read' in a
// region that covers the event's region_code, and the owner of the record the event is about.
import { grantPermissions, staffRoles } from '../auth/permissions.ts';
import { can, type Principal } from '../auth/principal.ts';
import type { OutboxEvent } from './outbox-repository.ts';

export const EVENTS_READ = 'events:read';

// Every staff role follows its own region's events live (the command centre, workbenches).
grantPermissions(Object.fromEntries(staffRoles.map((role) => [role, [EVENTS_READ]])));

/**
 * The user an event is about (the applicant, the reporter): `ownerUserId` in its payload
 * (`owner_user_id` is read too). Without one an event reaches no citizen or enterprise.
 */
export function ownerOf(payload: Record<string, unknown>): number | null {
  const owner = payload.ownerUserId ?? payload.owner_user_id;
  return typeof owner === 'number' && Number.isSafeInteger(owner) ? owner : null;
}

/** Whether `principal` may see `event` (its region, or its own record). */
export function canReceive(
  principal: Principal,
  event: Pick<OutboxEvent, 'regionCode' | 'payload'>,
): boolean {
  if (principal.kind === 'user' && principal.userId !== null) {
    if (ownerOf(event.payload) === principal.userId) return true;
  }
  return can(principal, EVENTS_READ, { regionCode: event.regionCode });
}
