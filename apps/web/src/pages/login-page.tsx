import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { LoginBody, Me } from '@citygov/contracts';
import { post } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';

/** Only a path on this site: never an open redirect to another origin. */
const safeNext = (next: string | null) =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : null;

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const login = useMutation({
    mutationFn: (body: LoginBody) => post<Me>('/api/auth/login', body),
    onSuccess: (me) => {
      // A new user: nothing cached for the previous one may show.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      client.setQueryData(['me'], me);
      void navigate(next ?? (me.kind === 'staff' ? '/staff' : '/'), { replace: true });
    },
  });
  return (
    <div style={{ padding: 16 }}>
      <Card
        style={{ maxWidth: 400, margin: '32px auto' }}
        title={<h1 style={{ margin: 0, fontSize: 20 }}>{t('auth.login')}</h1>}
      >
        {next && (
          <Alert
            type="info"
            showIcon
            title={t('auth.loginToContinue')}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form<LoginBody>
          layout="vertical"
          onFinish={(v) => login.mutate({ username: v.username.trim(), password: v.password })}
          requiredMark={false}
        >
          <Form.Item
            label={t('auth.username')}
            name="username"
            rules={[
              {
                required: true,
                message: t('tasks.create.required', { field: t('auth.username') }),
              },
            ]}
          >
            <Input autoComplete="username" autoFocus autoCapitalize="none" />
          </Form.Item>
          <Form.Item
            label={t('auth.password')}
            name="password"
            rules={[
              {
                required: true,
                message: t('tasks.create.required', { field: t('auth.password') }),
              },
            ]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {login.isError && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={errorText(t, login.error)}
              style={{ marginBottom: 16 }}
            />
          )}
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t('auth.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t('auth.demoHint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
