// Photos for a report or a step (before/after handling, verification): images only, each
// uploaded at once with its progress; the value is the uploaded files' sha256 list.
import { useState } from 'react';
import { Typography, Upload, type UploadFile } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { uploadFile } from '../api/upload.ts';
import { caseFieldError } from './case-errors.ts';

export const MAX_PHOTOS = 9;

export function PhotoUploader({
  id,
  value = [],
  onChange,
  max = MAX_PHOTOS,
  testId,
}: {
  id?: string;
  value?: string[];
  onChange?: (sha256s: string[]) => void;
  max?: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const hashesOf = (list: UploadFile[]) =>
    list
      .filter((f) => f.status === 'done' && typeof f.response === 'string')
      .map((f) => f.response as string);
  const update = (list: UploadFile[]) => {
    setFiles(list);
    const hashes = hashesOf(list);
    if (hashes.join() !== value.join()) onChange?.(hashes);
  };
  return (
    <div data-testid={testId}>
      <Upload
        id={id}
        listType="picture-card"
        accept="image/*"
        multiple
        fileList={files}
        maxCount={max}
        beforeUpload={(file) => {
          if (!file.type.startsWith('image/')) {
            setProblems((p) => [...p, t('cases.photos.notImage', { name: file.name })]);
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          uploadFile(file as File, { onProgress: (percent) => onProgress?.({ percent }) })
            .then((stored) => onSuccess?.(stored.sha256))
            .catch((error: unknown) => {
              const message = caseFieldError(t, error).message;
              setProblems((p) => [...p, `${(file as File).name}: ${message}`]);
              onError?.(new Error(message));
            });
        }}
        onChange={({ fileList }) => update(fileList)}
        onRemove={() => setProblems([])}
        showUploadList={{ showPreviewIcon: false }}
      >
        {files.length >= max ? null : (
          <div>
            <PlusOutlined aria-hidden />
            <div style={{ marginTop: 4 }}>{t('cases.photos.add')}</div>
          </div>
        )}
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('cases.photos.hint', { max })}
      </Typography.Text>
      {problems.map((p, i) => (
        <Typography.Text key={i} type="danger" role="alert" style={{ display: 'block' }}>
          {p}
        </Typography.Text>
      ))}
    </div>
  );
}
