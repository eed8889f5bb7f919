// Case screens follow the live stream: a case event (filed, dispatched, handled …) refreshes
// the lists and the open record within a second, without a reload. Polling stays as a fallback.
import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '@citygov/contracts';
import { useLiveEvents } from '../command/use-live-events.ts';

export function useLiveCases() {
  const client = useQueryClient();
  const onEvents = useCallback(
    (events: LiveEvent[], isReset: boolean) => {
      void client.invalidateQueries({ queryKey: ['cases', 'list'] });
      void client.invalidateQueries({ queryKey: ['cases', 'mine'] });
      const ids = new Set(
        events
          .map((e) => e.payload.subjectId)
          .filter((id) => typeof id === 'string' || typeof id === 'number')
          .map(String),
      );
      void client.invalidateQueries({
        queryKey: ['case'],
        predicate: (query) => isReset || ids.has(String(query.queryKey[1])),
      });
    },
    [client],
  );
  return useLiveEvents('case.*', onEvents);
}
