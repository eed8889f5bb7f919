// Open reports of the same kind near the pin, shown before the user files a new one: joining
// one keeps the user informed without a duplicate case.
import { Alert, Button, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NearbyCase } from '@citygov/contracts';
import { formatDateTime, formatNumber, localized } from '../shell/format.ts';
import { CategoryName } from './category-name.tsx';

export function NearbyCases({
  items,
  radiusM,
  onJoin,
  joiningId,
  isConflict = false,
}: {
  items: readonly NearbyCase[];
  radiusM: number;
  onJoin: (c: NearbyCase) => void;
  joiningId: number | null;
  /** The server refused a new case because of these (409): say so more firmly. */
  isConflict?: boolean;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <Alert
      type={isConflict ? 'warning' : 'info'}
      showIcon
      data-testid="nearby-cases"
      title={t(isConflict ? 'cases.nearby.conflictTitle' : 'cases.nearby.title', {
        count: items.length,
        radius: formatNumber(radiusM),
      })}
      description={
        <List
          size="small"
          dataSource={[...items]}
          renderItem={(c) => (
            <List.Item
              key={c.id}
              actions={[
                <Button
                  key="join"
                  type="primary"
                  size="small"
                  onClick={() => onJoin(c)}
                  loading={joiningId === c.id}
                  disabled={joiningId !== null}
                  aria-label={t('cases.nearby.joinLabel', { number: c.caseNumber })}
                >
                  {t('cases.nearby.join')}
                </Button>,
              ]}
            >
              <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                <Space wrap size={4}>
                  <Typography.Text strong>
                    <CategoryName code={c.categoryCode} fallback={c.categoryName} />
                  </Typography.Text>
                  <Tag>{localized(c.stateLabel)}</Tag>
                  <Typography.Text type="secondary">
                    {t('cases.nearby.distance', { distance: formatNumber(c.distanceM) })}
                  </Typography.Text>
                </Space>
                <Typography.Text ellipsis style={{ maxWidth: '100%' }}>
                  {c.description}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('cases.nearby.meta', {
                    at: formatDateTime(c.createdAt),
                    count: c.reporterCount,
                  })}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      }
    />
  );
}
