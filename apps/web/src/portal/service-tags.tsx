// 跑动次数 and 网办深度 as tags: the two things a citizen checks first.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const visitColours = ['green', 'blue', 'orange'] as const;
const depthColours = ['', 'default', 'cyan', 'blue', 'green'] as const;

export function VisitsTag({ visits }: { visits: number }) {
  const { t } = useTranslation();
  return (
    <Tag color={visitColours[visits] ?? 'default'}>{t('portal.visits', { count: visits })}</Tag>
  );
}

export function OnlineDepthTag({ depth }: { depth: number }) {
  const { t } = useTranslation();
  const label = t(`portal.depth.${depth}` as 'portal.depth.1');
  return <Tag color={depthColours[depth] ?? 'default'}>{label}</Tag>;
}
