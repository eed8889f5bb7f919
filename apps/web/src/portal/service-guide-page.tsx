// /services/:code: the full service guide (办事指南) of one item, readable on a phone.
import type { ReactNode } from 'react';
import { Card, Descriptions, Space, Steps, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ServiceItem, ServiceMaterial } from '@citygov/contracts';
import { ApiError } from '../api/client.ts';
import { formatNumber, localized } from '../shell/format.ts';
import { EmptyView, ErrorView, Loading } from '../shell/status-views.tsx';
import { useRatingSummary, useServiceItem } from './catalogue-queries.ts';
import { OnlineDepthTag, VisitsTag } from './service-tags.tsx';
import { ServiceNotFound } from './service-not-found.tsx';
import { ApplyBar } from './applications/apply-bar.tsx';

const pageStyle = { maxWidth: 960, margin: '0 auto', padding: 16 } as const;
const cardStyle = { marginBottom: 12 } as const;

export function ServiceGuidePage() {
  const { code = '' } = useParams();
  const item = useServiceItem(code);
  if (item.isPending) return <Loading />;
  if (item.isError) {
    if (item.error instanceof ApiError && item.error.status === 404) return <ServiceNotFound />;
    return (
      <div style={pageStyle}>
        <ErrorView error={item.error} onRetry={() => void item.refetch()} />
      </div>
    );
  }
  return <ServiceGuide item={item.data} />;
}

function ServiceGuide({ item }: { item: ServiceItem }) {
  const { t } = useTranslation();
  const days = (n: number) =>
    n === 0 ? t('portal.sameDay') : t('portal.workingDays', { count: n });
  const fee = item.fee.isFree
    ? t('portal.free')
    : item.fee.amountYuan !== null && item.fee.amountYuan !== undefined
      ? t('portal.yuan', { amount: formatNumber(item.fee.amountYuan, 2) })
      : t('portal.feeVaries');
  const basics: { key: string; label: string; children: ReactNode }[] = [
    { key: 'basicCode', label: t('portal.basicCode'), children: item.basicCode },
    {
      key: 'code',
      label: t('portal.code'),
      children: <span style={{ wordBreak: 'break-all' }}>{item.code}</span>,
    },
    { key: 'agency', label: t('portal.agency'), children: item.department.name },
    { key: 'type', label: t('portal.type'), children: item.typeName },
    {
      key: 'audience',
      label: t('portal.audience'),
      children: t(`portal.audiences.${item.audience}`),
    },
    { key: 'legal', label: t('portal.legalLimit'), children: days(item.legalLimitDays) },
    { key: 'promised', label: t('portal.promisedLimit'), children: days(item.promisedLimitDays) },
    {
      key: 'fee',
      label: t('portal.fee'),
      children: (
        <>
          {fee}
          {item.fee.basis && (
            <Typography.Text type="secondary"> ({item.fee.basis})</Typography.Text>
          )}
        </>
      ),
    },
    { key: 'place', label: t('portal.place'), children: item.place },
    { key: 'hours', label: t('portal.hours'), children: item.hours },
    {
      key: 'channels',
      label: t('portal.channels'),
      children: (
        <Space wrap size={[4, 4]}>
          {item.channels.map((c) => (
            <Tag key={c}>{t(`portal.channelNames.${c}`)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'enquiry',
      label: t('portal.enquiryPhone'),
      children: <a href={`tel:${item.enquiryPhone.replace(/[ -]/g, '')}`}>{item.enquiryPhone}</a>,
    },
    {
      key: 'complaint',
      label: t('portal.complaintPhone'),
      children: (
        <a href={`tel:${item.complaintPhone.replace(/[ -]/g, '')}`}>{item.complaintPhone}</a>
      ),
    },
  ];
  if (item.resultName)
    basics.push({ key: 'result', label: t('portal.resultName'), children: item.resultName });

  return (
    <div style={pageStyle}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Link to="/services">{t('portal.backToSearch')}</Link>
      </Typography.Paragraph>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {item.name}
      </Typography.Title>
      <Space wrap size={[4, 4]} style={{ marginBottom: 12 }}>
        <VisitsTag visits={item.visits} />
        <OnlineDepthTag depth={item.onlineDepth} />
        {item.status === 'suspended' && <Tag color="red">{t('portal.suspended')}</Tag>}
      </Space>
      <ApplyBar item={item} />
      <RatingCard itemCode={item.code} />
      <Card size="small" title={t('portal.basics')} style={cardStyle}>
        <Descriptions
          column={1}
          size="small"
          bordered
          items={basics}
          styles={{ label: { width: 112, whiteSpace: 'nowrap' } }}
        />
      </Card>
      <Card size="small" title={t('portal.conditions')} style={cardStyle}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          {item.conditions}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('portal.materials')} style={cardStyle}>
        <MaterialsTable materials={item.materials} />
      </Card>
      <Card size="small" title={t('portal.process')} style={cardStyle}>
        <Steps
          orientation="vertical"
          size="small"
          current={-1}
          items={item.steps.map((s) => ({
            title: s.name,
            content: [
              t(`portal.actors.${s.actor}`),
              s.limitDays !== null && s.limitDays !== undefined ? days(s.limitDays) : null,
              s.description,
            ]
              .filter(Boolean)
              .join(' · '),
          }))}
        />
      </Card>
      <Card size="small" title={t('portal.specialSteps')} style={cardStyle}>
        {item.specialSteps.length === 0 ? (
          <Typography.Text type="secondary">{t('portal.noSpecialSteps')}</Typography.Text>
        ) : (
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {item.specialSteps.map((s) => (
              <li key={s.name}>
                {s.name} ({t(`portal.specialKinds.${s.kind}`)}) —{' '}
                {t('portal.atMostDays', { count: s.maxDays })}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card size="small" title={t('portal.legalBasis')} style={cardStyle}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          {item.legalBasis}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

function MaterialsTable({ materials }: { materials: ServiceMaterial[] }) {
  const { t } = useTranslation();
  if (materials.length === 0) return <EmptyView description={t('portal.noMaterials')} />;
  return (
    <Table<ServiceMaterial>
      size="small"
      rowKey="name"
      pagination={false}
      scroll={{ x: 640 }}
      dataSource={materials}
      columns={[
        {
          key: 'name',
          title: t('portal.materialName'),
          dataIndex: 'name',
          width: 180,
          fixed: 'start',
        },
        {
          key: 'forms',
          title: t('portal.forms'),
          render: (_, m) => m.forms.map((f) => t(`portal.formNames.${f}`)).join(' / '),
        },
        { key: 'copies', title: t('portal.copies'), dataIndex: 'copies', width: 60 },
        {
          key: 'requirement',
          title: t('portal.requirement'),
          render: (_, m) =>
            m.requirement === 'required' ? (
              <Tag color="red">{t('portal.required')}</Tag>
            ) : (
              <>
                <Tag color="orange">{t('portal.conditional')}</Tag>
                {m.condition && <div style={{ fontSize: 12 }}>{m.condition}</div>}
              </>
            ),
        },
        {
          key: 'source',
          title: t('portal.source'),
          render: (_, m) => t(`portal.sources.${m.source}`),
        },
        {
          key: 'licence',
          title: t('portal.licenceFree'),
          render: (_, m) =>
            m.licenceType ? <Tag color="green">{m.licenceType}</Tag> : t('common.none'),
        },
      ]}
    />
  );
}

/** The public satisfaction summary; left out when the API does not answer. */
function RatingCard({ itemCode }: { itemCode: string }) {
  const { t } = useTranslation();
  const summary = useRatingSummary(itemCode);
  if (!summary.data) return null;
  const { total, satisfaction, levels } = summary.data;
  return (
    <Card size="small" title={t('portal.rating')} style={cardStyle}>
      {total === 0 ? (
        <Typography.Text type="secondary">{t('portal.noRatings')}</Typography.Text>
      ) : (
        <Space wrap size={[4, 4]}>
          <Typography.Text strong>
            {t('portal.satisfaction', {
              percent: satisfaction === null ? '—' : formatNumber(satisfaction * 100, 1),
              count: total,
            })}
          </Typography.Text>
          {levels.map((l) => (
            <Tag key={l.level}>
              {localized(l.label)} {l.count}
            </Tag>
          ))}
        </Space>
      )}
    </Card>
  );
}
