// A case's photos by stage: the report, before and after handling, the on-site verification.
import { Image, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CasePhotoView } from '@citygov/contracts';
import { formatDateTime } from '../shell/format.ts';
import { EmptyView } from '../shell/status-views.tsx';
import { photoUrl } from './case-queries.ts';

const stages = ['report', 'before', 'after', 'verification'] as const;

export function PhotoStrip({ sha256s, alt }: { sha256s: readonly string[]; alt: string }) {
  return (
    <Image.PreviewGroup>
      <Space wrap size={6}>
        {sha256s.map((sha, i) => (
          <Image
            key={sha}
            src={photoUrl(sha)}
            width={72}
            height={72}
            style={{ objectFit: 'cover', borderRadius: 4 }}
            alt={`${alt} ${i + 1}`}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

export function CasePhotos({ photos }: { photos: readonly CasePhotoView[] }) {
  const { t } = useTranslation();
  if (photos.length === 0) return <EmptyView description={t('cases.photos.none')} />;
  const known = new Set<string>(stages);
  const groups = [
    ...stages.map((stage) => ({ stage, items: photos.filter((p) => p.stage === stage) })),
    { stage: 'other', items: photos.filter((p) => !known.has(p.stage ?? '')) },
  ].filter((g) => g.items.length > 0);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {groups.map((g) => (
        <div key={g.stage} data-testid="photo-group" data-stage={g.stage}>
          <Typography.Text strong>{t(`cases.photos.stages.${g.stage}`)}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
            {formatDateTime(g.items[0]!.at)}
          </Typography.Text>
          <div style={{ marginTop: 6 }}>
            <PhotoStrip
              sha256s={g.items.map((p) => p.sha256)}
              alt={t(`cases.photos.stages.${g.stage}`)}
            />
          </div>
        </div>
      ))}
    </Space>
  );
}
