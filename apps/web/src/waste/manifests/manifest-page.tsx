// /waste/manifests/:id: one manifest — content, signatures in order with the server's times,
// versions, history — and what the caller may do now: sign, reject, edit before signing,
// correct after it, resolve a discrepancy.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ManifestDetail, ManifestVersionView } from '@citygov/contracts';
import { get, post } from '../../api/client.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { isNotFound } from '../../shell/error-text.ts';
import { formatDateTime } from '../../shell/format.ts';
import { ErrorView, Loading, NotFoundView } from '../../shell/status-views.tsx';
import { wasteErrorText } from '../waste-error.ts';
import { ManifestActions } from './manifest-actions.tsx';
import { ManifestFormDrawer, type ManifestFormMode } from './manifest-form-drawer.tsx';
import { ManifestStatusTag } from './manifest-status-tag.tsx';

export function ManifestPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const detail = useQuery({
    queryKey: ['waste', 'manifest', Number(id)],
    queryFn: () => get<ManifestDetail>(`/api/waste/manifests/${id}`),
  });
  const [form, setForm] = useState<ManifestFormMode | null>(null);
  const [isResolving, setResolving] = useState(false);
  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    return isNotFound(detail.error) ? (
      <NotFoundView />
    ) : (
      <ErrorView error={detail.error} onRetry={() => void detail.refetch()} />
    );
  }
  const d = detail.data;
  const m = d.manifest;
  const wf = d.workflow;
  const isZh = currentLanguage() === 'zh-CN';
  const m3 = (v: number | null) => (v === null ? '—' : t('waste.common.m3', { value: v }));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('waste.manifests.manifestNo')} {m.manifestNo}
        </Typography.Title>
        <ManifestStatusTag status={m.status} />
        {m.hasDiscrepancy && (
          <Tag color={m.discrepancyResolvedAt ? 'default' : 'red'}>
            {m.discrepancyKinds.map((k) => t(`waste.manifests.discrepancyKinds.${k}`)).join('、')}
            {m.discrepancyRatio !== null && ` ${(m.discrepancyRatio * 100).toFixed(1)}%`}
            {m.discrepancyResolvedAt && ` · ${t('waste.manifests.discrepancyResolved')}`}
            {m.discrepancyEscalatedAt && ` · ${t('waste.manifests.discrepancyEscalated')}`}
          </Tag>
        )}
      </Space>

      <Card title={t('waste.manifests.yourActions')} size="small">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ManifestActions detail={d} />
          <Space wrap>
            {d.canEdit && (
              <Button onClick={() => setForm({ kind: 'edit', manifest: m })}>
                {t('waste.manifests.editWhole')}
              </Button>
            )}
            {d.canCorrect && (
              <Button onClick={() => setForm({ kind: 'correct', manifest: m })}>
                {t('waste.manifests.correct')}
              </Button>
            )}
            {d.canResolveDiscrepancy && (
              <Button onClick={() => setResolving(true)}>{t('waste.manifests.resolve')}</Button>
            )}
          </Space>
          {m.isLocked && !d.canCorrect && (
            <Typography.Text type="secondary">{t('waste.manifests.editLocked')}</Typography.Text>
          )}
        </Space>
      </Card>

      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('waste.manifests.approval')}>{m.approvalNo}</Descriptions.Item>
        <Descriptions.Item label={t('waste.manifests.site')}>
          {m.constructionSite.name}
        </Descriptions.Item>
        <Descriptions.Item label={t('waste.manifests.company')}>{m.company.name}</Descriptions.Item>
        <Descriptions.Item label={t('waste.manifests.truck')}>
          {m.truck.plate} · {m.driver.name}
        </Descriptions.Item>
        <Descriptions.Item label={t('waste.manifests.disposalSite')}>
          {m.disposalSite.name}
        </Descriptions.Item>
        <Descriptions.Item label={t('waste.manifests.alternateSite')}>
          {m.alternateSite?.name ?? t('waste.common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('waste.manifests.destination')}>
          {m.receivedSite?.name ?? m.destinationSite?.name ?? t('waste.manifests.backToSite')}
        </Descriptions.Item>
        <Descriptions.Item label={t('waste.manifests.wasteType')}>
          {t(`waste.wasteType.${m.wasteType}`)}
          {m.receivedWasteType &&
            m.receivedWasteType !== m.wasteType &&
            ` → ${t(`waste.wasteType.${m.receivedWasteType}`)}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('waste.manifests.declared')}>
          {m3(m.declaredVolumeM3)}
        </Descriptions.Item>
        <Descriptions.Item label={t('waste.manifests.received')}>
          {m3(m.receivedVolumeM3)}
        </Descriptions.Item>
        <Descriptions.Item label={t('waste.manifests.plannedDate')}>
          {m.plannedDate}
        </Descriptions.Item>
        <Descriptions.Item label={t('waste.manifests.receivedAt')}>
          {formatDateTime(m.receivedAt) || '—'}
        </Descriptions.Item>
        {m.rejectionReason && (
          <Descriptions.Item
            label={t('waste.manifests.rejections', { count: m.rejectionCount })}
            span={2}
          >
            {m.rejectionReason}
          </Descriptions.Item>
        )}
        {m.discrepancyResolution && (
          <Descriptions.Item label={t('waste.manifests.resolution')} span={2}>
            {m.discrepancyResolution}
          </Descriptions.Item>
        )}
      </Descriptions>

      <Card title={t('waste.manifests.signatures')} size="small">
        <Timeline
          items={d.signatures.map((s) => ({
            color: s.role === 'rejection' ? 'red' : 'green',
            content: (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>
                  {t(`waste.manifests.signatureRoles.${s.role}`)}
                </Typography.Text>
                <Typography.Text>
                  {t('waste.manifests.signedBy', { party: s.partyName, signer: s.signerName })} ·{' '}
                  {formatDateTime(s.signedAt)}
                </Typography.Text>
                {s.volumeM3 !== null && <Typography.Text>{m3(s.volumeM3)}</Typography.Text>}
                {s.note && <Typography.Text type="secondary">{s.note}</Typography.Text>}
              </Space>
            ),
          }))}
        />
      </Card>

      <Card title={t('waste.manifests.versions')} size="small">
        <Table<ManifestVersionView>
          rowKey="version"
          size="small"
          pagination={false}
          dataSource={d.versions}
          columns={[
            { title: '#', dataIndex: 'version' },
            {
              title: t('waste.common.status'),
              key: 'kind',
              render: (v: ManifestVersionView) =>
                `${t(`waste.manifests.versionKinds.${v.kind}`)} · ${t(`waste.manifests.versionStatus.${v.status}`)}`,
            },
            {
              title: t('waste.manifests.declared'),
              key: 'declared',
              render: (v: ManifestVersionView) => m3(Number(v.content.declaredVolumeM3 ?? 0)),
            },
            { title: t('waste.manifests.correctionReason'), dataIndex: 'reason' },
            {
              title: '',
              key: 'by',
              render: (v: ManifestVersionView) =>
                `${v.createdBy ?? ''} ${formatDateTime(v.createdAt)}`,
            },
          ]}
        />
      </Card>

      <Card title={t('waste.manifests.history')} size="small">
        <Timeline
          items={wf.history.map((h) => ({
            content: (
              <span>
                {formatDateTime(h.at)} · {h.actor.name} ·{' '}
                {t(`waste.manifests.historyActions.${h.action}`, { defaultValue: h.action })}
                {h.note ? ` — ${h.note}` : ''}
              </span>
            ),
          }))}
        />
        <Typography.Text type="secondary">
          {isZh ? wf.stateLabel.zh : wf.stateLabel.en}
        </Typography.Text>
      </Card>

      <ManifestFormDrawer mode={form} onClose={() => setForm(null)} onSaved={() => setForm(null)} />
      <ResolveModal id={m.id} open={isResolving} onClose={() => setResolving(false)} />
    </Space>
  );
}

function ResolveModal({ id, open, onClose }: { id: number; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ resolution: string }>();
  const resolve = useMutation({
    mutationFn: (v: { resolution: string }) =>
      post<ManifestDetail>(`/api/waste/manifests/${id}/discrepancy/resolve`, {
        resolution: v.resolution.trim(),
      }),
    onSuccess: async () => {
      void message.success(t('waste.manifests.done'));
      await client.invalidateQueries({ queryKey: ['waste'] });
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={t('waste.manifests.resolve')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={resolve.isPending}
      destroyOnHidden
    >
      {resolve.isError && (
        <Alert type="error" showIcon role="alert" title={wasteErrorText(t, resolve.error)} />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => resolve.mutate(v)}>
        <Form.Item
          name="resolution"
          label={t('waste.manifests.resolution')}
          rules={[{ required: true, whitespace: true, min: 2 }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
