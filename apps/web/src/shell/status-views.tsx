// Loading, empty, error, 403 and 404 states: no page is ever blank.
import { Alert, Button, Empty, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { errorText, isUnauthenticated } from './error-text.ts';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div style={{ padding: 48, textAlign: 'center' }} role="status" aria-live="polite">
      <Spin />
      <div style={{ marginTop: 8 }}>{t('common.loading')}</div>
    </div>
  );
}

export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorText(t, error)}
      action={
        isUnauthenticated(error) ? (
          <Link to={`/login?next=${next}`}>
            <Button>{t('status.goLogin')}</Button>
          </Link>
        ) : (
          onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>
        )
      }
    />
  );
}

export function EmptyView({ description }: { description?: string }) {
  const { t } = useTranslation();
  return <Empty description={description ?? t('common.empty')} />;
}

const homeButton = (label: string) => (
  <Link to="/">
    <Button type="primary">{label}</Button>
  </Link>
);

export function ForbiddenView() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('status.forbiddenTitle')}
      subTitle={t('status.forbiddenText')}
      extra={homeButton(t('status.backHome'))}
    />
  );
}

export function NotFoundView() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('status.notFoundTitle')}
      subTitle={t('status.notFoundText')}
      extra={homeButton(t('status.backHome'))}
    />
  );
}

/** A record the API answered 404 for: missing, or outside the caller's scope (the same answer). */
export function NoAccessView({ back }: { back?: { to: string; label: string } }) {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('status.noAccessTitle')}
      subTitle={t('status.noAccessText')}
      extra={
        back ? (
          <Link to={back.to}>
            <Button type="primary">{back.label}</Button>
          </Link>
        ) : (
          homeButton(t('status.backHome'))
        )
      }
    />
  );
}
