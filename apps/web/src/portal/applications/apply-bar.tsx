// The guide's call to action: apply online when the item is offered online, otherwise where.
import { Alert, Button } from 'antd';
import { FormOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ServiceItem } from '@citygov/contracts';

export function ApplyBar({ item }: { item: ServiceItem }) {
  const { t } = useTranslation();
  if (item.status !== 'active') return null;
  const isOnline = item.channels.includes('web') || item.channels.includes('mobile');
  if (!isOnline) {
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('applications.apply.windowOnly', { place: item.place })}
      />
    );
  }
  return (
    <Link to={`/services/${encodeURIComponent(item.code)}/apply`}>
      <Button
        type="primary"
        size="large"
        block
        icon={<FormOutlined />}
        style={{ marginBottom: 12 }}
      >
        {t('applications.apply.button')}
      </Button>
    </Link>
  );
}
