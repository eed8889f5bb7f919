// /cases/new: a citizen reports a city problem (随手拍) from a phone.
import { App, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ReportForm } from './report-form.tsx';

export function ReportCasePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  return (
    <div style={{ maxWidth: 720, margin: '0 auto', padding: '12px 12px 32px' }}>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 4 }}>
        {t('cases.report.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('cases.report.intro')} <Link to="/cases/mine">{t('cases.mine.title')}</Link>
      </Typography.Paragraph>
      <ReportForm
        mode="citizen"
        onFiled={(result) => {
          void client.invalidateQueries({ queryKey: ['cases'] });
          void message.success(
            t(result.isJoined ? 'cases.report.joined' : 'cases.report.filed', {
              number: result.case.caseNumber,
            }),
          );
          void navigate(`/cases/${result.case.id}`);
        }}
      />
    </div>
  );
}
