// The city's date and time on the wall, to the minute.
import { useEffect, useState } from 'react';
import { formatDateTime } from '../shell/format.ts';
import { wall } from './command-theme.ts';

export function CommandClock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time
      dateTime={now.toISOString()}
      style={{ color: wall.muted, fontVariantNumeric: 'tabular-nums' }}
    >
      {formatDateTime(now.toISOString())}
    </time>
  );
}
