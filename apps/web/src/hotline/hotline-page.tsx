// /hotline: the 12319 call taker's one screen. Look the caller up by phone number (their
// earlier cases and where they stand), file a new case for them with a pin while talking, and
// read any earlier case out to them.
import { useState } from 'react';
import { App, Card, Col, Row, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ReportForm } from '../cases/report-form.tsx';
import { CallerLookup } from './caller-lookup.tsx';
import { CaseStatusDrawer } from './case-status-drawer.tsx';

export function HotlinePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [caller, setCaller] = useState<{ phone: string; purpose: string } | null>(null);
  const [openCase, setOpenCase] = useState<number | null>(null);
  // A new form per call (and after each filing), prefilled with the looked-up number.
  const [formKey, setFormKey] = useState(0);
  return (
    <div style={{ maxWidth: 1400, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('hotline.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('hotline.lookup.title')}</h2>}>
            <CallerLookup
              phone={caller?.phone ?? null}
              purpose={caller?.purpose ?? ''}
              onLookup={(phone, purpose) => {
                setCaller({ phone, purpose });
                setFormKey((k) => k + 1);
                // Asking again is a new (audited) look-up.
                void client.invalidateQueries({ queryKey: ['cases', 'by-phone', phone] });
              }}
              onOpenCase={setOpenCase}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('hotline.file.title')}</h2>}>
            <ReportForm
              key={formKey}
              mode="hotline"
              {...(caller && { initialCallerPhone: caller.phone })}
              onFiled={(result) => {
                void message.success(
                  t(result.isJoined ? 'hotline.file.joined' : 'hotline.file.filed', {
                    number: result.case.caseNumber,
                  }),
                );
                setFormKey((k) => k + 1);
                void client.invalidateQueries({ queryKey: ['cases'] });
              }}
            />
          </Card>
        </Col>
      </Row>
      <CaseStatusDrawer caseId={openCase} onClose={() => setOpenCase(null)} />
    </div>
  );
}
