// The working-day calendar over HTTP: anyone logged in reads it; administrators correct it.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CalendarAnswer,
  CalendarDateParams,
  CalendarDay,
  CalendarOverrideBody,
  CalendarQuery,
  ErrorBody,
} from '@citygov/contracts';
import { AppError, invalid, notFound } from '../errors.ts';
import { inTransaction } from '../db/database.ts';
import { actorOf, can, type Principal } from '../auth/principal.ts';
import type { AppContext } from '../http/context.ts';
import {
  deleteCalendarOverride,
  ensureCalendarLoaded,
  reloadCalendar,
  setCalendarOverride,
} from './calendar-store.ts';
import { addCalendarDays } from './working-calendar.ts';

const MAX_RANGE_DAYS = 400;

// The calendar is the whole city's: a district administrator may not change it.
function assertCityWide(principal: Principal) {
  if (!can(principal, 'calendar:manage', { regionCode: '500000' })) {
    throw new AppError('forbidden', 'Only a city-level administrator may change the calendar');
  }
}

export function registerCalendarRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/calendar',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'Working days between two dates (inclusive), with holiday names and overrides',
        tags: ['calendar'],
        querystring: CalendarQuery,
        response: { 200: CalendarAnswer, 400: ErrorBody },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      if (to < from) throw invalid('to', 'to must not be before from');
      const calendar = await ensureCalendarLoaded(ctx.db);
      const days: CalendarDay[] = [];
      try {
        for (let d = from; d <= to; d = addCalendarDays(d, 1)) {
          if (days.length >= MAX_RANGE_DAYS) {
            throw invalid('to', `at most ${MAX_RANGE_DAYS} days at a time`);
          }
          days.push({ date: d, ...calendar.describeDay(d) });
        }
      } catch (error) {
        if (error instanceof RangeError) throw invalid('from', error.message);
        throw error;
      }
      return { from, to, workingDays: days.filter((d) => d.isWorkday).length, days };
    },
  );

  r.put(
    '/api/admin/calendar/:date',
    {
      config: { permission: 'calendar:manage' },
      schema: {
        summary: 'Make a date a working day or a day off (overrides the published schedule)',
        tags: ['calendar'],
        params: CalendarDateParams,
        body: CalendarOverrideBody,
        response: { 200: CalendarDay, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const { date } = request.params;
      assertCityWide(request.principal);
      await inTransaction(ctx.db, (trx) =>
        setCalendarOverride(trx, actorOf(request.principal), date, {
          isWorkday: request.body.isWorkday,
          note: request.body.note?.trim() || null,
        }),
      );
      const calendar = await reloadCalendar(ctx.db);
      return { date, ...calendar.describeDay(date) };
    },
  );

  r.delete(
    '/api/admin/calendar/:date',
    {
      config: { permission: 'calendar:manage' },
      schema: {
        summary: 'Remove a date override (the published schedule applies again)',
        tags: ['calendar'],
        params: CalendarDateParams,
        response: { 200: CalendarDay, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { date } = request.params;
      assertCityWide(request.principal);
      const isRemoved = await inTransaction(ctx.db, (trx) =>
        deleteCalendarOverride(trx, actorOf(request.principal), date),
      );
      if (!isRemoved) throw notFound('calendar override', date);
      const calendar = await reloadCalendar(ctx.db);
      return { date, ...calendar.describeDay(date) };
    },
  );
}
