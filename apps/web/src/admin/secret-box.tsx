// The one time a secret is shown: a read-only box with a copy button.
import { useState } from 'react';
import { Alert, Button, Input, Modal, Space } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export function SecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret ?? '');
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };
  return (
    <Modal
      open={secret !== null}
      title={t('admin.apiKeys.secretTitle')}
      onCancel={onClose}
      onOk={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      okText={t('common.close')}
      mask={{ closable: false }}
      // The secret must not linger in the page once the box is closed.
      destroyOnHidden
      afterClose={() => setCopyState('idle')}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('admin.apiKeys.secretText')} />
        <label htmlFor="api-key-secret">{t('admin.apiKeys.secretLabel')}</label>
        <Space.Compact style={{ width: '100%' }}>
          <Input
            id="api-key-secret"
            readOnly
            value={secret ?? ''}
            style={{ fontFamily: 'monospace' }}
            onFocus={(e) => e.target.select()}
            data-testid="api-key-secret"
          />
          <Button icon={<CopyOutlined />} onClick={() => void copy()}>
            {copyState === 'copied' ? t('common.copied') : t('common.copy')}
          </Button>
        </Space.Compact>
        {copyState === 'failed' && <Alert type="error" title={t('common.copyFailed')} />}
      </Space>
    </Modal>
  );
}
