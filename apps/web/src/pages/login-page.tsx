import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { LoginBody, Me } from '@citygov/contracts';
import { post } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { useRefreshMe } from '../shell/use-me.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const refreshMe = useRefreshMe();
  const login = useMutation({
    mutationFn: (body: LoginBody) => post<Me>('/api/auth/login', body),
    onSuccess: async (me) => {
      await refreshMe();
      const next = params.get('next');
      void navigate(next ?? (me.kind === 'staff' ? '/staff' : '/'));
    },
  });
  return (
    <Card style={{ maxWidth: 400, margin: '48px auto' }} title={t('auth.login')}>
      <Form<LoginBody> layout="vertical" onFinish={(v) => login.mutate(v)} requiredMark={false}>
        <Form.Item label={t('auth.username')} name="username" rules={[{ required: true }]}>
          <Input autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item label={t('auth.password')} name="password" rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {login.isError && (
          <Alert
            type="error"
            showIcon
            title={errorText(t, login.error)}
            style={{ marginBottom: 16 }}
          />
        )}
        <Button type="primary" htmlType="submit" block loading={login.isPending}>
          {t('auth.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t('auth.demoHint')}
      </Typography.Paragraph>
    </Card>
  );
}
