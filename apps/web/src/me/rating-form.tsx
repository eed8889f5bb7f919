// 好差评 of a finished application: five levels, tags that fit the level, a few words, named or
// anonymous. Once only: after rating, the card shows the rating given.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Space, Switch, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CreateRatingBody, RatingView } from '@citygov/contracts';
import { ApiError, post } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';
import { formatDateTime, localized } from '../shell/format.ts';

const LEVELS = [5, 4, 3, 2, 1] as const;
const GOOD_TAGS = ['convenient', 'friendly', 'onceOnly', 'fewMaterials', 'transparent'] as const;
const BAD_TAGS = [
  'slow',
  'tooManyMaterials',
  'manyVisits',
  'attitude',
  'opaque',
  'notToldOnce',
] as const;

export function RatingCard({
  applicationId,
  rating,
}: {
  applicationId: number;
  /** The rating already given, if any. */
  rating: RatingView | undefined;
}) {
  const { t } = useTranslation();
  const title = <h2 style={{ margin: 0, fontSize: 16 }}>{t('ratings.title')}</h2>;
  if (rating) {
    return (
      <Card title={title} data-testid="rating-given">
        <Space orientation="vertical" size={4}>
          <Typography.Text strong>{localized(rating.levelLabel)}</Typography.Text>
          {rating.tags.length > 0 && (
            <Space wrap size={[4, 4]}>
              {rating.tags.map((tag) => (
                <Tag key={tag}>{tag}</Tag>
              ))}
            </Space>
          )}
          {rating.text && (
            <Typography.Paragraph style={{ margin: 0 }}>{rating.text}</Typography.Paragraph>
          )}
          <Typography.Text type="secondary">
            {t('ratings.givenAt', { at: formatDateTime(rating.createdAt) })}
          </Typography.Text>
          {rating.rectificationState && (
            <Typography.Text type="secondary">{t('ratings.rectificationOpened')}</Typography.Text>
          )}
        </Space>
      </Card>
    );
  }
  return (
    <Card title={title}>
      <RatingForm applicationId={applicationId} />
    </Card>
  );
}

function RatingForm({ applicationId }: { applicationId: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [level, setLevel] = useState<number | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [isNamed, setNamed] = useState(true);
  const [levelError, setLevelError] = useState(false);
  const rate = useMutation({
    mutationFn: (body: CreateRatingBody) => post<RatingView>('/api/ratings', body),
    onSettled: () => client.invalidateQueries({ queryKey: ['ratings', 'mine'] }),
  });
  const tagKeys = level !== null && level <= 2 ? BAD_TAGS : GOOD_TAGS;
  const isAlreadyRated = rate.error instanceof ApiError && rate.error.code === 'conflict';

  return (
    <Form
      layout="vertical"
      onFinish={() => {
        if (level === null) {
          setLevelError(true);
          return;
        }
        rate.mutate({
          applicationId,
          level,
          tags: tags.map((k) => t(`ratings.tags.${k}`)),
          ...(text.trim() && { text: text.trim() }),
          isNamed,
        });
      }}
    >
      <Form.Item
        label={t('ratings.level')}
        required
        validateStatus={levelError ? 'error' : undefined}
        help={levelError ? t('ratings.levelRequired') : undefined}
      >
        <Radio.Group
          aria-label={t('ratings.level')}
          optionType="button"
          buttonStyle="solid"
          value={level}
          onChange={(e) => {
            setLevel(e.target.value as number);
            setLevelError(false);
            setTags([]);
          }}
          style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
          options={LEVELS.map((l) => ({ value: l, label: t(`ratings.levels.${l}`) }))}
        />
      </Form.Item>
      {level !== null && (
        <Form.Item label={t('ratings.tagsLabel')}>
          <Space wrap size={[4, 8]}>
            {tagKeys.map((k) => (
              <Tag.CheckableTag
                key={k}
                checked={tags.includes(k)}
                onChange={(checked) =>
                  setTags(checked ? [...tags, k] : tags.filter((x) => x !== k))
                }
              >
                {t(`ratings.tags.${k}`)}
              </Tag.CheckableTag>
            ))}
          </Space>
        </Form.Item>
      )}
      <Form.Item label={t('ratings.text')} htmlFor="rating-text">
        <Input.TextArea
          id="rating-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
          placeholder={t('ratings.textPlaceholder')}
        />
      </Form.Item>
      <Form.Item label={t('ratings.named')} htmlFor="rating-named" extra={t('ratings.namedHelp')}>
        <Switch id="rating-named" checked={isNamed} onChange={setNamed} />
      </Form.Item>
      {rate.isError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={isAlreadyRated ? t('ratings.alreadyRated') : errorText(t, rate.error)}
        />
      )}
      <Button type="primary" htmlType="submit" block loading={rate.isPending}>
        {t('ratings.submit')}
      </Button>
    </Form>
  );
}
