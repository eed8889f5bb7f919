// The wall screen's framed panels and their loading, empty and error states (the light
// status views would glare on a dark wall).
import type { CSSProperties, ReactNode } from 'react';
import { Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shell/error-text.ts';
import { wall } from './command-theme.ts';

export function WallPanel({
  title,
  extra,
  children,
  style,
}: {
  title: string;
  extra?: ReactNode;
  children: ReactNode;
  style?: CSSProperties;
}) {
  return (
    <section
      aria-label={title}
      style={{
        background: wall.panel,
        border: `1px solid ${wall.border}`,
        borderRadius: 6,
        padding: '10px 12px',
        display: 'flex',
        flexDirection: 'column',
        minHeight: 0,
        ...style,
      }}
    >
      <div style={{ display: 'flex', alignItems: 'center', marginBottom: 6, gap: 8 }}>
        <h2 style={{ color: wall.text, fontSize: 16, margin: 0, flex: 1 }}>{title}</h2>
        {extra}
      </div>
      <div style={{ flex: 1, minHeight: 0 }}>{children}</div>
    </section>
  );
}

export function WallMessage({
  kind,
  height,
  text,
  error,
  onRetry,
}: {
  kind: 'loading' | 'empty' | 'error' | 'info';
  height?: number;
  text?: string;
  error?: unknown;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  const message =
    kind === 'loading'
      ? t('common.loading')
      : kind === 'error'
        ? errorText(t, error)
        : (text ?? t('common.empty'));
  return (
    <div
      role={kind === 'error' ? 'alert' : 'status'}
      style={{
        height,
        minHeight: 60,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 8,
        color: kind === 'error' ? wall.overdue : wall.muted,
        textAlign: 'center',
      }}
    >
      {kind === 'loading' && <Spin />}
      <span>{message}</span>
      {kind === 'error' && onRetry && (
        <Button size="small" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </div>
  );
}
