// /me/licences: my electronic licences (电子证照), each with the QR code a verifier scans to
// check it publicly (the code carries the public verification address).
import { useState } from 'react';
import { Button, Card, Descriptions, List, Modal, QRCode, Space, Tag, Typography } from 'antd';
import { QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LicenceView } from '@citygov/contracts';
import { formatDate } from '../shell/format.ts';
import { EmptyView, ErrorView, Loading } from '../shell/status-views.tsx';
import { useMyLicences } from '../portal/applications/application-queries.ts';

const statusColours = { valid: 'green', revoked: 'red', expired: 'default' } as const;

export function MyLicencesPage() {
  const { t } = useTranslation();
  const licences = useMyLicences();
  const [enlarged, setEnlarged] = useState<LicenceView | null>(null);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('licences.mine.title')}
      </Typography.Title>
      {licences.isPending ? (
        <Loading />
      ) : licences.isError ? (
        <ErrorView error={licences.error} onRetry={() => void licences.refetch()} />
      ) : licences.data.items.length === 0 ? (
        <EmptyView description={t('licences.mine.empty')} />
      ) : (
        <List
          dataSource={licences.data.items}
          renderItem={(l) => (
            <List.Item key={l.number} style={{ padding: 0, border: 0 }}>
              <Card
                size="small"
                style={{ width: '100%', marginBottom: 8 }}
                data-testid="licence"
                data-number={l.number}
                title={
                  <Space wrap size={4}>
                    <span>{l.name}</span>
                    <Tag color={statusColours[l.status]}>{t(`licences.status.${l.status}`)}</Tag>
                  </Space>
                }
              >
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
                  <Descriptions
                    size="small"
                    column={1}
                    style={{ flex: '1 1 200px', minWidth: 0 }}
                    items={[
                      {
                        key: 'number',
                        label: t('licences.number'),
                        children: (
                          <Typography.Text copyable style={{ wordBreak: 'break-all' }}>
                            {l.number}
                          </Typography.Text>
                        ),
                      },
                      {
                        key: 'holder',
                        label: t('licences.holder'),
                        children: `${l.holderName}（${l.holderIdHint}）`,
                      },
                      { key: 'agency', label: t('licences.agency'), children: l.issuingAgency },
                      {
                        key: 'issued',
                        label: t('licences.issueDate'),
                        children: formatDate(l.issueDate),
                      },
                      {
                        key: 'until',
                        label: t('licences.validUntil'),
                        children: l.validUntil ? formatDate(l.validUntil) : t('licences.noExpiry'),
                      },
                      ...(l.revocationReason
                        ? [
                            {
                              key: 'reason',
                              label: t('licences.revocationReason'),
                              children: l.revocationReason,
                            },
                          ]
                        : []),
                    ]}
                  />
                  <Space orientation="vertical" align="center" size={4}>
                    <QRCode
                      value={l.qrPayload}
                      size={128}
                      errorLevel="M"
                      aria-label={t('licences.qrFor', { number: l.number })}
                      data-testid="licence-qr"
                    />
                    <Button size="small" icon={<QrcodeOutlined />} onClick={() => setEnlarged(l)}>
                      {t('licences.enlarge')}
                    </Button>
                    <Link to={`/verify/${encodeURIComponent(l.number)}`}>
                      {t('licences.verifyLink')}
                    </Link>
                  </Space>
                </div>
              </Card>
            </List.Item>
          )}
        />
      )}
      <Modal
        open={enlarged !== null}
        onCancel={() => setEnlarged(null)}
        footer={null}
        title={enlarged?.name}
        centered
        width={320}
      >
        {enlarged && (
          <Space orientation="vertical" align="center" style={{ width: '100%' }}>
            <QRCode value={enlarged.qrPayload} size={256} errorLevel="M" />
            <Typography.Text type="secondary">{t('licences.scanHint')}</Typography.Text>
          </Space>
        )}
      </Modal>
    </Space>
  );
}
