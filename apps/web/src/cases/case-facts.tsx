// What a case is about: class, place, description, departments, reporters (masked), counts.
import { Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseSubject } from '@citygov/contracts';
import { RegionName } from '../org/org-fields.tsx';
import { formatDateTime } from '../shell/format.ts';
import { CategoryName } from './category-name.tsx';

export function CaseFacts({
  subject,
  isStaffView,
}: {
  subject: CaseSubject;
  isStaffView: boolean;
}) {
  const { t } = useTranslation();
  const none = t('common.none');
  const counts = (['reworkCount', 'returnCount', 'extensionCount', 'reopenCount'] as const).filter(
    (k) => subject[k] > 0,
  );
  const items = [
    {
      key: 'description',
      label: t('cases.record.description'),
      span: 'filled' as const,
      children: <span style={{ whiteSpace: 'pre-wrap' }}>{subject.description}</span>,
    },
    {
      key: 'category',
      label: t('cases.record.category'),
      children: (
        <>
          <CategoryName code={subject.categoryCode} fallback={subject.categoryName} /> (
          {subject.categoryCode})
        </>
      ),
    },
    {
      key: 'urgency',
      label: t('cases.record.urgency'),
      children: t(`cases.urgency.${subject.urgency}`),
    },
    {
      key: 'region',
      label: t('cases.record.region'),
      children: <RegionName code={subject.regionCode} />,
    },
    { key: 'grid', label: t('cases.record.grid'), children: subject.gridCode },
    { key: 'address', label: t('cases.record.address'), children: subject.address ?? none },
    {
      key: 'channel',
      label: t('cases.record.channel'),
      children: t(`cases.channels.${subject.channel}`),
    },
    {
      key: 'createdAt',
      label: t('cases.record.createdAt'),
      children: formatDateTime(subject.createdAt),
    },
    {
      key: 'departments',
      label: t('cases.record.departments'),
      children:
        subject.departments.length === 0 ? (
          none
        ) : (
          <Space wrap size={4} data-testid="case-departments">
            {subject.departments.map((d) => (
              <Tag key={d.departmentId} color={d.isLead ? 'blue' : 'default'}>
                {d.name}
                {d.isLead ? t('cases.record.lead') : t('cases.record.assist')}
              </Tag>
            ))}
          </Space>
        ),
    },
    ...(subject.componentId
      ? [{ key: 'component', label: t('cases.record.component'), children: subject.componentId }]
      : []),
    {
      key: 'reporters',
      label: t('cases.record.reporters', { count: subject.reporterCount }),
      span: 'filled' as const,
      children: (
        <Space orientation="vertical" size={0}>
          {subject.reporters.map((r, i) => (
            <Typography.Text key={i} data-testid="case-reporter">
              {r.isAnonymous && !r.isYou
                ? t('cases.record.anonymousReporter')
                : [
                    r.isYou ? t('cases.record.you') : null,
                    isStaffView ? r.name : null,
                    isStaffView ? r.phone : null,
                    r.isAnonymous ? t('cases.record.anonymous') : null,
                  ]
                    .filter(Boolean)
                    .join(' · ') || t('cases.record.reporter')}
              <Typography.Text type="secondary">
                {' · '}
                {t(`cases.channels.${r.channel}`)}
                {isStaffView && r.wantsCallback ? ` · ${t('cases.record.wantsCallback')}` : ''}
                {' · '}
                {formatDateTime(r.joinedAt)}
              </Typography.Text>
            </Typography.Text>
          ))}
        </Space>
      ),
    },
    ...(subject.satisfaction
      ? [
          {
            key: 'satisfaction',
            label: t('cases.record.satisfaction'),
            children: (
              <span data-testid="case-satisfaction">
                {t(`cases.satisfaction.${subject.satisfaction}`)}
              </span>
            ),
          },
        ]
      : []),
    ...(isStaffView && counts.length > 0
      ? [
          {
            key: 'counts',
            label: t('cases.record.counts'),
            span: 'filled' as const,
            children: (
              <Space wrap size={4}>
                {counts.map((k) => (
                  <Tag key={k} color="orange">
                    {t(`cases.record.${k}`, { count: subject[k] })}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]
      : []),
  ];
  return <Descriptions column={{ xs: 1, sm: 2 }} size="small" items={items} />;
}
