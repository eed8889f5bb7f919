import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  createWorkingCalendar,
  endOfLocalDay,
  localDateOf,
  parseWorkingPeriods,
} from './working-calendar.ts';

const at = (local: string) => new Date(`${local}+08:00`);
const cal = createWorkingCalendar();

describe('working calendar (published 2026 schedule)', () => {
  it('does count the working Sunday and Saturday around National Day 2026', () => {
    assert.equal(cal.isWorkday('2026-09-20'), true, 'Sunday 2026-09-20 is a working day');
    assert.equal(cal.isWorkday('2026-10-10'), true, 'Saturday 2026-10-10 is a working day');
    assert.equal(cal.isWorkday('2026-09-19'), false, 'an ordinary Saturday');
    for (let d = 1; d <= 7; d++) {
      assert.equal(cal.isWorkday(`2026-10-0${d}`), false, `2026-10-0${d} is a holiday`);
    }
    assert.equal(cal.isWorkday('2026-09-25'), false, 'Mid-Autumn Festival');
    assert.equal(cal.isWorkday('2026-10-08'), true);
  });

  it('does end 20 working days from 2026-09-15 on 2026-10-19 (DOMAIN.md)', () => {
    assert.equal(cal.nthWorkingDay('2026-09-15', 20), '2026-10-19');
    assert.equal(cal.addWorkingDays('2026-09-15', 20).toISOString(), '2026-10-19T15:59:59.999Z');
    // An instant during the day counts from the next day too.
    assert.equal(localDateOf(cal.addWorkingDays(at('2026-09-15T16:45:00'), 20)), '2026-10-19');
    assert.equal(cal.workingDaysBetween('2026-09-15', '2026-10-19'), 20);
    assert.equal(cal.workingDaysBetween('2026-10-19', '2026-09-15'), -20);
  });

  it('does count back with a negative number of working days', () => {
    assert.equal(cal.nthWorkingDay('2026-10-12', -2), '2026-10-09');
    assert.equal(cal.nthWorkingDay('2026-10-08', -1), '2026-09-30');
  });

  it('does let an override beat the published schedule', () => {
    const overrides = new Map([
      ['2026-10-12', { isWorkday: false, note: 'typhoon' }],
      ['2026-10-03', { isWorkday: true, note: null }],
    ]);
    const adjusted = createWorkingCalendar({ overrides });
    assert.equal(adjusted.isWorkday('2026-10-12'), false);
    assert.equal(adjusted.isWorkday('2026-10-03'), true);
    // +1 working day on 10-03, −1 on 10-12: the 20th working day stays 10-19.
    assert.equal(adjusted.nthWorkingDay('2026-09-15', 20), '2026-10-19');
    const onlyOff = createWorkingCalendar({
      overrides: new Map([['2026-10-12', { isWorkday: false, note: null }]]),
    });
    assert.equal(onlyOff.nthWorkingDay('2026-09-15', 20), '2026-10-20');
    assert.deepEqual(adjusted.describeDay('2026-10-12'), {
      isWorkday: false,
      source: 'override',
      name: null,
      note: 'typhoon',
    });
    assert.equal(cal.describeDay('2026-10-01').name, '国庆节');
  });

  it('does add working hours across lunch, evenings and the holiday week', () => {
    assert.equal(
      cal.addWorkingHours(at('2026-09-15T11:00:00'), 2).getTime(),
      at('2026-09-15T14:30:00').getTime(),
    );
    // 16:30 on the last working day before National Day: one hour left, then 10-08 from 09:00.
    assert.equal(
      cal.addWorkingHours(at('2026-09-30T16:30:00'), 2).getTime(),
      at('2026-10-08T10:00:00').getTime(),
    );
    assert.equal(
      cal.addWorkingHours(at('2026-10-08T10:00:00'), -2).getTime(),
      at('2026-09-30T16:30:00').getTime(),
    );
    // Starting in the evening begins the next working morning.
    assert.equal(
      cal.addWorkingHours(at('2026-09-15T20:00:00'), 1).getTime(),
      at('2026-09-16T10:00:00').getTime(),
    );
    assert.equal(cal.workingHoursBetween(at('2026-09-30T09:00:00'), at('2026-10-08T12:00:00')), 10);
    assert.equal(
      cal.workingHoursBetween(at('2026-10-08T12:00:00'), at('2026-09-30T09:00:00')),
      -10,
    );
    assert.equal(cal.workingHoursBetween(at('2026-09-15T12:10:00'), at('2026-09-15T13:20:00')), 0);
  });

  it('does place a reminder n working days before a deadline at the opening of office hours', () => {
    const deadline = cal.addWorkingDays('2026-09-15', 20); // end of 2026-10-19
    const remind = (amount: number) =>
      cal.subtractDuration(deadline, { amount, unit: 'workdays' }).getTime();
    assert.equal(remind(1), at('2026-10-19T09:00:00').getTime());
    assert.equal(remind(2), at('2026-10-16T09:00:00').getTime());
    assert.equal(remind(9), at('2026-10-08T09:00:00').getTime());
    assert.equal(remind(10), at('2026-09-30T09:00:00').getTime(), 'skips the holiday week');
    assert.equal(
      cal.subtractDuration(at('2026-10-08T10:00:00'), { amount: 2, unit: 'workhours' }).getTime(),
      at('2026-09-30T16:30:00').getTime(),
    );
  });

  it('does use configured office hours', () => {
    const longDay = createWorkingCalendar({
      workingPeriods: parseWorkingPeriods([['08:30', '18:00']]),
    });
    assert.equal(
      longDay.workingHoursBetween(at('2026-09-15T00:00:00'), at('2026-09-16T00:00:00')),
      9.5,
    );
    assert.throws(() => parseWorkingPeriods([['13:00', '12:00']]), /ordered/);
    assert.throws(() => parseWorkingPeriods([['9am', '12:00']]), /not a time/);
  });

  it('does move a deadline by the working time spent paused', () => {
    const deadline = endOfLocalDay('2026-10-19');
    // Paused 09-17 10:00, resumed 09-22 10:00: 09-18, 09-20, 09-21, 09-22 are working days.
    const days = cal.shiftForPause(
      deadline,
      'workdays',
      at('2026-09-17T10:00:00'),
      at('2026-09-22T10:00:00'),
    );
    assert.equal(days.amount, 4);
    assert.equal(localDateOf(days.deadline), '2026-10-23');
    const hours = cal.shiftForPause(
      at('2026-09-16T10:00:00'),
      'workhours',
      at('2026-09-15T16:30:00'),
      at('2026-09-16T09:30:00'),
    );
    assert.equal(hours.amount, 1.5);
    assert.equal(hours.deadline.getTime(), at('2026-09-16T11:30:00').getTime());
    const wall = cal.shiftForPause(
      at('2026-09-16T10:00:00'),
      'hours',
      at('2026-09-15T10:00:00'),
      at('2026-09-15T13:00:00'),
    );
    assert.equal(wall.deadline.getTime(), at('2026-09-16T13:00:00').getTime());
  });

  it('does give the same answers whatever the process time zone is', () => {
    const url = new URL('./working-calendar.ts', import.meta.url).href;
    const code = `import { createWorkingCalendar } from ${JSON.stringify(url)};
      const c = createWorkingCalendar();
      console.log(JSON.stringify([c.isWorkday('2026-09-19'), c.isWorkday('2026-09-21'), c.nthWorkingDay('2026-09-15', 20)]));`;
    for (const tz of ['America/New_York', 'Pacific/Kiritimati', 'UTC']) {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      assert.deepEqual(JSON.parse(out), [false, true, '2026-10-19'], tz);
    }
  });

  it('does refuse a date that does not exist', () => {
    assert.throws(() => cal.isWorkday('2026-02-30'), /not a real date/);
    assert.throws(() => cal.isWorkday('26-1-1'), /not a date/);
  });
});
