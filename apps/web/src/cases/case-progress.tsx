// Where a case stands in the loop, as a citizen follows it (受理 → 立案 → 处置 → 核查 → 结案 → 评价).
import { Alert, Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { caseSteps, stepOf } from './case-states.ts';

export function CaseProgress({ state, isOverdue }: { state: string; isOverdue: boolean }) {
  const { t } = useTranslation();
  const current = stepOf(state);
  if (current < 0) {
    return (
      <Alert
        type="info"
        showIcon
        title={t(`cases.progress.off.${state}`, { defaultValue: state })}
      />
    );
  }
  return (
    <Steps
      size="small"
      responsive={false}
      orientation="vertical"
      current={current}
      status={state === 'evaluated' ? 'finish' : isOverdue ? 'error' : 'process'}
      items={caseSteps.map((s) => ({ title: t(`cases.progress.steps.${s}`) }))}
    />
  );
}
