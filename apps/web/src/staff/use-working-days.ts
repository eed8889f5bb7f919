// Working days left until each deadline, counted on the server's calendar (GET /api/calendar)
// the same way the API counts them: working days after today up to the deadline's day.
import { useQuery } from '@tanstack/react-query';
import type { CalendarAnswer } from '@citygov/contracts';
import { get, withQuery } from '../api/client.ts';
import { addDays, cityDateOf } from '../shell/format.ts';

const MAX_SPAN_DAYS = 399;

export function useWorkingDaysLeft(deadlines: readonly (string | null)[]) {
  const today = cityDateOf(new Date());
  const latest = deadlines
    .filter((d): d is string => d !== null)
    .map((d) => cityDateOf(d))
    .filter((d) => d > today)
    .sort()
    .at(-1);
  const to = latest && latest < addDays(today, MAX_SPAN_DAYS) ? latest : addDays(today, 30);
  const calendar = useQuery({
    queryKey: ['calendar', today, to],
    queryFn: () => get<CalendarAnswer>(withQuery('/api/calendar', { from: today, to })),
    staleTime: 10 * 60_000,
    enabled: deadlines.length > 0,
  });
  return (deadline: string | null): number | undefined => {
    if (deadline === null) return undefined;
    const day = cityDateOf(deadline);
    if (day <= today) return 0;
    if (!calendar.data || day > calendar.data.to) return undefined;
    return calendar.data.days.filter((d) => d.isWorkday && d.date > today && d.date <= day).length;
  };
}
