// /verify/:number (and /verify): anyone checks an electronic licence by its number or by
// scanning its QR code. The answer names no person: only whether the licence is good.
import { Card, Descriptions, Input, Result, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { LicenceVerification } from '@citygov/contracts';
import { get } from '../api/client.ts';
import { formatDate, formatDateTime } from '../shell/format.ts';
import { ErrorView, Loading } from '../shell/status-views.tsx';

const NUMBER = /^[0-9A-Z-]{6,40}$/;
const pageStyle = { maxWidth: 640, margin: '0 auto', padding: '12px 12px 32px' } as const;
const statusOf = {
  valid: 'success',
  revoked: 'error',
  expired: 'warning',
  unknown: 'info',
  invalid: 'error',
} as const;

export function VerifyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { number: raw = '' } = useParams();
  const number = raw.trim().toUpperCase();
  const isWellFormed = NUMBER.test(number);
  const check = useQuery({
    queryKey: ['licences', 'verify', number],
    queryFn: () => get<LicenceVerification>(`/api/licences/verify/${encodeURIComponent(number)}`),
    enabled: isWellFormed,
    retry: false,
  });

  return (
    <div style={pageStyle}>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('licences.verify.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('licences.verify.intro')}</Typography.Paragraph>
      <Input.Search
        aria-label={t('licences.verify.numberLabel')}
        placeholder={t('licences.verify.placeholder')}
        defaultValue={raw}
        enterButton={t('licences.verify.submit')}
        allowClear
        onSearch={(value) => {
          const v = value.trim().toUpperCase();
          if (v) void navigate(`/verify/${encodeURIComponent(v)}`);
        }}
        style={{ marginBottom: 16 }}
      />
      {raw === '' ? null : !isWellFormed ? (
        <Result status="warning" title={t('licences.verify.malformed')} />
      ) : check.isPending ? (
        <Loading />
      ) : check.isError ? (
        <ErrorView error={check.error} onRetry={() => void check.refetch()} />
      ) : (
        <VerificationResult answer={check.data} />
      )}
    </div>
  );
}

function VerificationResult({ answer }: { answer: LicenceVerification }) {
  const { t } = useTranslation();
  return (
    <Card data-testid="verification" data-result={answer.result}>
      <Result
        status={statusOf[answer.result]}
        title={t(`licences.verify.results.${answer.result}`)}
        subTitle={answer.number}
        style={{ padding: '16px 0' }}
      />
      {answer.result !== 'unknown' && (
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            {
              key: 'name',
              label: t('licences.verify.name'),
              children: answer.name ?? t('common.none'),
            },
            {
              key: 'agency',
              label: t('licences.agency'),
              children: answer.issuingAgency ?? t('common.none'),
            },
            {
              key: 'issued',
              label: t('licences.issueDate'),
              children: formatDate(answer.issueDate) || t('common.none'),
            },
            {
              key: 'until',
              label: t('licences.validUntil'),
              children: answer.validUntil ? formatDate(answer.validUntil) : t('licences.noExpiry'),
            },
            ...(answer.revokedAt
              ? [
                  {
                    key: 'revoked',
                    label: t('licences.verify.revokedAt'),
                    children: formatDateTime(answer.revokedAt),
                  },
                ]
              : []),
            {
              key: 'signature',
              label: t('licences.verify.signature'),
              children: answer.isSignatureValid
                ? t('licences.verify.signatureValid')
                : t('licences.verify.signatureInvalid'),
            },
          ]}
        />
      )}
      <Space style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">
          {t('licences.verify.checkedAt', { at: formatDateTime(answer.checkedAt) })}
        </Typography.Text>
      </Space>
    </Card>
  );
}
