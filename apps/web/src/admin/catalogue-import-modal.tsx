// Import catalogue items from an XLSX or CSV sheet: check first (dry run) or write, all or
// nothing (atomic) or the good rows only; every bad cell is listed by row and column.
import { useState } from 'react';
import {
  Alert,
  Button,
  Descriptions,
  Form,
  Modal,
  Radio,
  Space,
  Switch,
  Table,
  Typography,
  Upload,
} from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ImportMode, ImportRowError, ServiceItemImportReport } from '@citygov/contracts';
import { ApiError, post, withQuery } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { formatNumber } from '../shell/format.ts';

/** An atomic import with errors answers 400 with the report in its details. */
function reportOf(error: unknown): ServiceItemImportReport | null {
  if (!(error instanceof ApiError)) return null;
  const errors = error.details?.errors;
  return Array.isArray(errors) ? (error.details as unknown as ServiceItemImportReport) : null;
}

export function CatalogueImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('atomic');
  const [isDryRun, setDryRun] = useState(true);
  const run = useMutation({
    mutationFn: () => {
      const body = new FormData();
      body.append('file', file!, file!.name);
      return post<ServiceItemImportReport>(
        withQuery('/api/admin/services/items/import', { mode, dryRun: isDryRun }),
        body,
      );
    },
    onSuccess: (report) =>
      report.isApplied ? client.invalidateQueries({ queryKey: ['services'] }) : undefined,
  });
  const report = run.data ?? reportOf(run.error);
  const close = () => {
    run.reset();
    setFile(null);
    onClose();
  };

  return (
    <Modal
      open={open}
      onCancel={close}
      title={t('adminCatalogue.import.title')}
      width={760}
      footer={[
        <Button key="close" onClick={close}>
          {t('common.close')}
        </Button>,
        <Button
          key="run"
          type="primary"
          disabled={!file}
          loading={run.isPending}
          onClick={() => run.mutate()}
        >
          {isDryRun ? t('adminCatalogue.import.check') : t('adminCatalogue.import.run')}
        </Button>,
      ]}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">
          {t('adminCatalogue.import.help')}
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            run.reset();
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'sheet', name: file.name, status: 'done' }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('adminCatalogue.import.drop')}</p>
        </Upload.Dragger>
        <Form layout="inline">
          <Form.Item label={t('adminCatalogue.import.mode')}>
            <Radio.Group
              value={mode}
              onChange={(e) => setMode(e.target.value as ImportMode)}
              options={[
                { value: 'atomic', label: t('adminCatalogue.import.atomic') },
                { value: 'valid_only', label: t('adminCatalogue.import.validOnly') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('adminCatalogue.import.dryRun')}>
            <Switch checked={isDryRun} onChange={setDryRun} />
          </Form.Item>
        </Form>
        {run.isError && (
          <Alert type="error" showIcon role="alert" title={errorText(t, run.error)} />
        )}
        {report && (
          <>
            {run.isSuccess && (
              <Alert
                type={report.errors.length ? 'warning' : 'success'}
                showIcon
                role="status"
                title={
                  report.isApplied
                    ? t('adminCatalogue.import.applied')
                    : t('adminCatalogue.import.notApplied')
                }
              />
            )}
            <Descriptions
              size="small"
              column={3}
              bordered
              items={(['rows', 'created', 'updated', 'unchanged', 'rejected'] as const).map(
                (k) => ({
                  key: k,
                  label: t(`adminCatalogue.import.counts.${k}`),
                  children: formatNumber(report[k]),
                }),
              )}
            />
            {report.errors.length > 0 && (
              <Table<ImportRowError>
                size="small"
                rowKey={(e) => `${e.row}|${e.column}|${e.message}`}
                dataSource={report.errors}
                pagination={{ pageSize: 10, showSizeChanger: false }}
                caption={t('adminCatalogue.import.errorsCaption', { count: report.errors.length })}
                columns={[
                  { title: t('adminCatalogue.import.row'), dataIndex: 'row', width: 70 },
                  { title: t('adminCatalogue.import.column'), dataIndex: 'column', width: 160 },
                  { title: t('adminCatalogue.import.message'), dataIndex: 'message' },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
