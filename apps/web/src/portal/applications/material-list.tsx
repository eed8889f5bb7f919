// The materials an application holds: uploaded files (open or download) and licences
// (免提交 when the platform attached them), grouped by when they came in.
import { List, Space, Tag, Typography } from 'antd';
import { DownloadOutlined, FileOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApplicationMaterialView } from '@citygov/contracts';
import { EmptyView } from '../../shell/status-views.tsx';

export function MaterialList({ materials }: { materials: readonly ApplicationMaterialView[] }) {
  const { t } = useTranslation();
  if (materials.length === 0) return <EmptyView description={t('applications.materials.none')} />;
  return (
    <List
      size="small"
      dataSource={[...materials]}
      renderItem={(m) => (
        <List.Item data-testid="application-material" data-material-id={m.materialId}>
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap size={4}>
              {m.kind === 'file' ? <FileOutlined /> : <SafetyCertificateOutlined />}
              <Typography.Text strong>{m.name}</Typography.Text>
              <Tag>
                {m.round === 0
                  ? t('applications.materials.initial')
                  : t('applications.materials.supplement')}
              </Tag>
              {m.isReused && <Tag color="green">{t('applications.need.licence')}</Tag>}
            </Space>
            {m.kind === 'file' && m.fileSha256 ? (
              <Space wrap size={12}>
                <a href={`/api/files/${m.fileSha256}`} target="_blank" rel="noreferrer">
                  {t('applications.materials.open')}
                </a>
                <a href={`/api/files/${m.fileSha256}?download=true`} download>
                  <DownloadOutlined /> {t('applications.materials.download')}
                </a>
              </Space>
            ) : (
              <Typography.Text type="secondary">
                {t('applications.materials.licence', { number: m.licenceNumber ?? '' })}
              </Typography.Text>
            )}
          </Space>
        </List.Item>
      )}
    />
  );
}
