// An item code the catalogue does not know: say so and offer the search.
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function ServiceNotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('portal.notFoundTitle')}
      subTitle={t('portal.notFoundText')}
      extra={
        <Link to="/services">
          <Button type="primary">{t('portal.backToSearch')}</Button>
        </Link>
      }
    />
  );
}
