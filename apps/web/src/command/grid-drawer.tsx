// A unit grid opened from the map: where it is, and its open cases (each opens in the case drawer).
import { Descriptions, Drawer, List, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { GridDetail } from '@citygov/contracts';
import { get } from '../api/client.ts';
import { formatDateTime, formatNumber, localized } from '../shell/format.ts';
import { EmptyView, ErrorView, Loading } from '../shell/status-views.tsx';
import { RegionName } from '../org/org-fields.tsx';
import { COMMAND_KEY, useGridCases } from './command-queries.ts';
import { stateColor } from './command-theme.ts';

export function GridDrawer({
  gridCode,
  onClose,
  onOpenCase,
}: {
  gridCode: string | null;
  onClose: () => void;
  onOpenCase: (id: number) => void;
}) {
  const { t } = useTranslation();
  const grid = useQuery({
    queryKey: [COMMAND_KEY, 'grid', gridCode],
    queryFn: () => get<GridDetail>(`/api/grids/${gridCode}`),
    enabled: gridCode !== null,
    staleTime: Infinity,
  });
  const cases = useGridCases(gridCode);

  return (
    <Drawer
      open={gridCode !== null}
      onClose={onClose}
      size={440}
      title={grid.data?.name ?? t('command.grid.title')}
    >
      {grid.isPending && gridCode !== null && <Loading />}
      {grid.isError && <ErrorView error={grid.error} onRetry={() => void grid.refetch()} />}
      {grid.data && (
        <Descriptions
          size="small"
          column={1}
          bordered
          style={{ marginBottom: 16 }}
          items={[
            {
              key: 'code',
              label: t('command.grid.code'),
              children: <Typography.Text code>{grid.data.code}</Typography.Text>,
            },
            {
              key: 'region',
              label: t('command.case.region'),
              children: <RegionName code={grid.data.regionCode} />,
            },
            {
              key: 'area',
              label: t('command.grid.area'),
              children: t('command.grid.areaValue', { area: formatNumber(grid.data.areaM2) }),
            },
            {
              key: 'components',
              label: t('command.grid.components'),
              children: formatNumber(grid.data.componentCount),
            },
          ]}
        />
      )}
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('command.grid.openCases', { count: cases.data?.total ?? 0 })}
      </Typography.Title>
      {cases.isPending && gridCode !== null && <Loading />}
      {cases.isError && <ErrorView error={cases.error} onRetry={() => void cases.refetch()} />}
      {cases.data &&
        (cases.data.items.length === 0 ? (
          <EmptyView description={t('command.grid.noCases')} />
        ) : (
          <List
            size="small"
            dataSource={cases.data.items}
            renderItem={(c) => (
              <List.Item
                actions={[
                  <a
                    key="open"
                    href={`#case-${c.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      onOpenCase(c.id);
                    }}
                  >
                    {t('command.grid.open')}
                  </a>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space size={4} wrap>
                      <span>{c.caseNumber}</span>
                      <Tag color={stateColor(c.state)}>{localized(c.stateLabel)}</Tag>
                      {c.isOverdue && <Tag color="red">{t('command.case.overdue')}</Tag>}
                    </Space>
                  }
                  description={`${c.categoryName} · ${formatDateTime(c.createdAt)}`}
                />
              </List.Item>
            )}
          />
        ))}
    </Drawer>
  );
}
