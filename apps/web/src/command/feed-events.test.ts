// The command centre's feed: a burst of timers of one kind in a batch is one line with its
// count (in place of the last of them); fewer timers of a kind, and every other event, stay as
// they are and in order.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LiveEvent } from '@citygov/contracts';
import { collapseTimers, describeEvent } from './feed-events.ts';

let nextId = 1;
const event = (topic: string, payload: Record<string, unknown>): LiveEvent => ({
  id: nextId++,
  topic,
  regionCode: '500103',
  createdAt: '2026-11-29T08:00:00.000Z',
  payload,
});
const overdue = (caseId: string) =>
  event('case.d1wh.timer.overdue', { subjectId: caseId, kind: 'overdue', state: 'handling' });
const escalated = (caseId: string) =>
  event('case.d1wh.timer.escalate', { subjectId: caseId, kind: 'escalate', state: 'handling' });
const filed = (caseId: string) =>
  event('case.d1wh.submit', { subjectId: caseId, action: 'submit', to: 'registered' });

describe('the live feed of the command centre', () => {
  it('does read what a transition and a timer say', () => {
    assert.deepEqual(describeEvent(filed('C1')), {
      caseId: 'C1',
      action: 'submit',
      toState: 'registered',
      at: '2026-11-29T08:00:00.000Z',
    });
    assert.equal(describeEvent(overdue('C2')).action, 'timer_overdue');
    assert.equal(describeEvent(overdue('C2')).toState, 'handling');
  });

  it('does fold more than three timers of one kind into one line with their count', () => {
    const burst = ['A', 'B', 'C', 'D', 'E'].map(overdue);
    const report = filed('C9');
    const shown = collapseTimers([burst[0]!, burst[1]!, report, ...burst.slice(2)]);
    assert.equal(shown.length, 2, 'the report and one line for five timers');
    assert.equal(shown[0], report, 'the report keeps its place');
    assert.equal(shown[1]!.id, burst[4]!.id, 'the line stands where the last timer was');
    assert.equal(shown[1]!.payload.count, 5);
    assert.equal(shown[1]!.payload.subjectId, null, 'no single case is named');
    assert.equal(burst[4]!.payload.subjectId, 'E', 'the event itself is left unchanged');
  });

  it('does keep three timers of a kind, and kinds apart', () => {
    const batch = [overdue('A'), escalated('A'), overdue('B'), overdue('C'), escalated('B')];
    assert.deepEqual(collapseTimers(batch), batch);
    const more = [...batch, escalated('C'), escalated('D')];
    const shown = collapseTimers(more);
    assert.deepEqual(
      shown.map((e) => e.id),
      [batch[0]!.id, batch[2]!.id, batch[3]!.id, more[6]!.id],
      'four escalations become one line at the last; the three overdue stay',
    );
    assert.equal(shown[3]!.payload.count, 4);
  });
});
