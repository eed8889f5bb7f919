import { Tag } from 'antd';
import type { LocalizedLabel } from '@citygov/contracts';
import { localized } from '../shell/format.ts';
import { caseColour } from './case-states.ts';

/** The state in words, coloured as on the map. */
export function CaseStateTag({
  state,
  label,
  isOverdue = false,
}: {
  state: string;
  label: LocalizedLabel;
  isOverdue?: boolean;
}) {
  return (
    <Tag color={caseColour(state, isOverdue)} data-testid="case-state" data-state={state}>
      {localized(label)}
    </Tag>
  );
}
