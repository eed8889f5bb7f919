// The manifest (联单) on the workflow engine, after the EPA e-Manifest: the construction site
// signs at departure, then the driver at pickup, then the disposal site at receipt with the
// measured volume. A receiver may reject a load: it goes on to the alternate site, or back.
// After signing, corrections open a new version (one at a time) that is accepted or reverted.
// Which organisation may act is checked by the service (party-access); the engine checks the
// role, the state and the guards below.
import {
  registerDefinition,
  registerWorkflowGuard,
  type GuardContext,
} from '../../../platform/workflow/index.ts';

export const MANIFEST_SUBJECT = 'waste_manifest';

const label = (zh: string, en: string) => ({ zh, en });

const SITE = 'waste_site';
const TRANSPORT = 'waste_transport';
const DISPOSAL = 'waste_disposal';
const OFFICER = 'waste_officer';
const PARTIES = [SITE, TRANSPORT, DISPOSAL, OFFICER];

async function manifestOf(c: GuardContext) {
  return c.db
    .selectFrom('waste_manifests')
    .select(['alternate_site_id', 'destination_site_id'])
    .where('id', '=', Number(c.instance.subject_id))
    .executeTakeFirst();
}

async function hasAcceptedCorrection(c: GuardContext) {
  const row = await c.db
    .selectFrom('waste_manifest_versions')
    .select('version')
    .where('manifest_id', '=', Number(c.instance.subject_id))
    .where('kind', '=', 'correction')
    .where('status', 'in', ['current', 'superseded'])
    .executeTakeFirst();
  return row !== undefined;
}

// Guards are registered before the definition names them.
registerWorkflowGuard('waste.alternate_available', async (c) => {
  const m = await manifestOf(c);
  if (!m?.alternate_site_id) return 'The manifest names no alternate disposal site';
  if (m.destination_site_id === m.alternate_site_id) {
    return 'The load is already at its alternate site: it can only go back';
  }
  return null;
});
registerWorkflowGuard('waste.never_corrected', async (c) =>
  (await hasAcceptedCorrection(c)) ? 'The manifest has an accepted correction' : null,
);
registerWorkflowGuard('waste.once_corrected', async (c) =>
  (await hasAcceptedCorrection(c)) ? null : 'The manifest has no accepted correction',
);

export const manifestWorkflow = registerDefinition({
  key: 'waste.manifest',
  version: 1,
  label: label('建筑垃圾电子联单', 'construction-waste manifest'),
  initialState: 'draft',
  states: {
    draft: { label: label('草稿', 'Draft') },
    pending: { label: label('待出场签认', 'Pending') },
    scheduled: { label: label('已出场待承运签认', 'Scheduled') },
    in_transit: { label: label('运输中', 'In transit') },
    ready_for_signature: {
      label: label('已到场待签收', 'Ready for signature'),
      // A load at the gate is weighed and signed for within two hours.
      timeLimit: { limit: { amount: 2, unit: 'hours' }, flagOverdue: true },
    },
    signed: { label: label('已签收', 'Signed') },
    under_correction: { label: label('更正中', 'Under correction') },
    corrected: { label: label('已更正', 'Corrected') },
    returning: { label: label('退运中', 'Returning') },
    returned: { label: label('已退回', 'Returned'), isFinal: true },
    cancelled: { label: label('已作废', 'Cancelled'), isFinal: true },
  },
  actions: {
    submit: {
      label: label('提交', 'Submit'),
      from: ['draft'],
      to: 'pending',
      roles: [SITE],
    },
    sign_departure: {
      label: label('出场签认', 'Sign at departure'),
      from: ['pending'],
      to: 'scheduled',
      roles: [SITE],
    },
    sign_pickup: {
      label: label('承运签认', 'Sign at pickup'),
      from: ['scheduled'],
      to: 'in_transit',
      roles: [TRANSPORT],
    },
    arrive: {
      label: label('到场登记', 'Record arrival'),
      from: ['in_transit'],
      to: 'ready_for_signature',
      roles: [DISPOSAL, OFFICER],
    },
    sign_receipt: {
      label: label('消纳签收', 'Sign for receipt'),
      from: ['in_transit', 'ready_for_signature'],
      to: 'signed',
      roles: [DISPOSAL],
      input: { required: ['volumeM3'], optional: ['wasteType'] },
    },
    reject_to_alternate: {
      label: label('拒收转备选场', 'Reject to the alternate site'),
      from: ['in_transit', 'ready_for_signature'],
      to: 'in_transit',
      roles: [DISPOSAL],
      guards: ['waste.alternate_available'],
      isNoteRequired: true,
    },
    reject_return: {
      label: label('拒收退回', 'Reject and send back'),
      from: ['in_transit', 'ready_for_signature'],
      to: 'returning',
      roles: [DISPOSAL],
      isNoteRequired: true,
    },
    sign_return: {
      label: label('退回签收', 'Sign for the returned load'),
      from: ['returning'],
      to: 'returned',
      roles: [SITE],
    },
    cancel: {
      label: label('作废', 'Cancel'),
      from: ['draft', 'pending'],
      to: 'cancelled',
      roles: [SITE, OFFICER],
      isNoteRequired: true,
    },
    accept_correction: {
      label: label('确认更正', 'Accept the correction'),
      from: ['under_correction'],
      to: 'corrected',
      roles: PARTIES,
    },
    revert_correction: {
      label: label('撤回更正', 'Revert the correction'),
      from: ['under_correction'],
      to: 'signed',
      roles: PARTIES,
      guards: ['waste.never_corrected'],
    },
    revert_to_corrected: {
      label: label('撤回更正', 'Revert the correction'),
      from: ['under_correction'],
      to: 'corrected',
      roles: PARTIES,
      guards: ['waste.once_corrected'],
    },
    // Opened through POST /corrections with the new content (the action records the step).
    start_correction: {
      label: label('发起更正', 'Start a correction'),
      from: ['signed', 'corrected'],
      to: 'under_correction',
      roles: PARTIES,
      isNoteRequired: true,
    },
  },
});

/** Actions a caller takes through their own endpoints, not POST …/actions/:action. */
export const actionsWithOwnEndpoint = new Set(['start_correction']);
