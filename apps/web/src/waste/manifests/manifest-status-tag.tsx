// A manifest's status as a coloured tag.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ManifestStatus } from '@citygov/contracts';

const colors: Record<ManifestStatus, string> = {
  draft: 'default',
  pending: 'gold',
  scheduled: 'orange',
  in_transit: 'blue',
  ready_for_signature: 'geekblue',
  signed: 'green',
  under_correction: 'purple',
  corrected: 'cyan',
  returning: 'volcano',
  returned: 'red',
  cancelled: 'default',
};

export function ManifestStatusTag({ status }: { status: ManifestStatus }) {
  const { t } = useTranslation();
  return <Tag color={colors[status]}>{t(`waste.manifestStatus.${status}`)}</Tag>;
}
