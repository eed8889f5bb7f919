// The latest case events as they arrive on the live stream (newest first). While the pointer
// or the keyboard focus is on the feed it holds still (an entry does not move away under the
// dispatcher's hand) and counts what arrived meanwhile; it catches up when they leave.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveEvent } from '@citygov/contracts';
import { CITY_TIME_ZONE } from '../shell/format.ts';
import { currentLanguage } from '../i18n/index.ts';
import { stateColor, wall } from './command-theme.ts';
import { WallMessage } from './wall-panel.tsx';
import { describeEvent } from './feed-events.ts';

/** The city's clock time of an instant, 14:05. */
const formatTime = (iso: string) =>
  new Intl.DateTimeFormat(currentLanguage(), {
    timeZone: CITY_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

export function EventFeed({
  events,
  onOpenCase,
}: {
  events: LiveEvent[];
  onOpenCase: (id: number) => void;
}) {
  const { t } = useTranslation();
  const [held, setHeld] = useState<LiveEvent[] | null>(null);
  if (events.length === 0) return <WallMessage kind="empty" text={t('command.feed.waiting')} />;
  const shown = held ?? events;
  const newer = held ? events.findIndex((event) => event.id === held[0]?.id) : 0;
  const hold = () => setHeld((h) => h ?? events);
  const release = () => setHeld(null);
  return (
    <div style={{ position: 'relative' }}>
      {newer !== 0 && (
        // Laid over the newest entry's right end (its step), so that holding the feed moves no
        // entry; at the top, where a panel shorter than the list does not clip it.
        <div
          role="status"
          data-testid="event-feed-held"
          style={{
            position: 'absolute',
            top: 0,
            right: 0,
            padding: '2px 6px',
            background: wall.panel,
            color: wall.muted,
            fontSize: 12,
          }}
        >
          {t('command.feed.held', { count: newer < 0 ? events.length : newer })}
        </div>
      )}
      <ol
        aria-live="polite"
        data-testid="event-feed"
        onMouseEnter={hold}
        onMouseLeave={release}
        onFocus={hold}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget)) release();
        }}
        style={{ listStyle: 'none', margin: 0, padding: 0, overflow: 'hidden' }}
      >
        {shown.map((event) => {
          const e = describeEvent(event);
          return (
            <li
              key={event.id}
              style={{
                display: 'flex',
                gap: 8,
                alignItems: 'baseline',
                padding: '3px 0',
                borderBottom: `1px dashed ${wall.border}`,
                fontSize: 13,
              }}
            >
              <span style={{ color: wall.muted, whiteSpace: 'nowrap' }}>{formatTime(e.at)}</span>
              {typeof event.payload.count === 'number' ? (
                <span style={{ color: wall.accent }}>
                  {t('command.feed.cases', { count: event.payload.count })}
                </span>
              ) : e.caseId ? (
                <button
                  type="button"
                  onClick={() => onOpenCase(Number(e.caseId))}
                  style={{
                    background: 'none',
                    border: 'none',
                    padding: 0,
                    color: wall.accent,
                    cursor: 'pointer',
                  }}
                >
                  {t('command.feed.case', { id: e.caseId })}
                </button>
              ) : null}
              <span style={{ color: wall.text, flex: 1 }}>
                {t(`command.actions.${e.action}`, { defaultValue: e.action })}
              </span>
              {e.toState && (
                <span style={{ color: stateColor(e.toState) }}>
                  {t(`command.states.${e.toState}`, { defaultValue: e.toState })}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
