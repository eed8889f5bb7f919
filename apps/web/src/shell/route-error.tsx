// Shown when a route fails to render or its code cannot be loaded (e.g. after a deploy).
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

export function RouteError() {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('status.crashedTitle')}
      subTitle={t('status.crashedText')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('status.reload')}
        </Button>
      }
    />
  );
}
