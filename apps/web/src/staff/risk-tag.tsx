import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { riskColors, type DeadlineRisk } from './deadline-risk.ts';

/** The risk as words and colour (colour is never the only signal). */
export function RiskTag({ risk, daysLeft }: { risk: DeadlineRisk; daysLeft?: number | undefined }) {
  const { t } = useTranslation();
  if (risk === 'none') return <Tag>{t('tasks.noDeadline')}</Tag>;
  const text =
    risk === 'normal' && daysLeft !== undefined
      ? t('tasks.daysLeft', { count: daysLeft })
      : t(`tasks.risk.${risk}`);
  return (
    <Tag color={riskColors[risk].tag} data-risk={risk}>
      {text}
    </Tag>
  );
}
