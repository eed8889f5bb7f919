import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { riskColors, type DeadlineRisk } from './deadline-risk.ts';

/** The risk as words and colour (colour is never the only signal). */
export function RiskTag({
  risk,
  daysLeft,
  pausedText,
}: {
  risk: DeadlineRisk;
  daysLeft?: number | undefined;
  /** Why the clock stands still, when it is not a 挂起 (e.g. an application awaiting 补正). */
  pausedText?: string;
}) {
  const { t } = useTranslation();
  if (risk === 'none') return <Tag>{t('tasks.noDeadline')}</Tag>;
  const text =
    risk === 'normal' && daysLeft !== undefined
      ? t('tasks.daysLeft', { count: daysLeft })
      : risk === 'paused' && pausedText
        ? pausedText
        : t(`tasks.risk.${risk}`);
  return (
    <Tag color={riskColors[risk].tag} data-risk={risk}>
      {text}
    </Tag>
  );
}
