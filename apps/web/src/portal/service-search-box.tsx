// The catalogue's search box: sends the words to /services, keeping nothing else.
import { Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

export function ServiceSearchBox({ initial = '' }: { initial?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Input.Search
      key={initial}
      defaultValue={initial}
      size="large"
      enterButton={t('common.search')}
      allowClear
      maxLength={100}
      placeholder={t('portal.searchPlaceholder')}
      aria-label={t('portal.searchPlaceholder')}
      onSearch={(value) => {
        const q = value.trim();
        void navigate(q ? `/services?q=${encodeURIComponent(q)}` : '/services');
      }}
    />
  );
}
