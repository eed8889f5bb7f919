// One material's files: drag and drop (or tap to choose), each upload with its progress bar;
// the value is the list of stored files' sha256, which is what an application refers to.
import { useEffect, useRef, useState } from 'react';
import { Typography, Upload, type UploadFile } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { StoredFile } from '@citygov/contracts';
import { uploadFile } from '../../api/upload.ts';
import { errorText } from '../../shell/error-text.ts';

const MAX_BYTES = 20 * 1024 * 1024;
const MAX_FILES = 5;
// The kinds the server accepts (it reads the real type from the bytes anyway).
const ACCEPT = '.jpg,.jpeg,.png,.webp,.gif,.pdf,.ofd,.docx,.xlsx';

export interface MaterialUploadProps {
  id?: string;
  value?: string[];
  onChange?: (sha256s: string[]) => void;
  /** Tells the form while any upload is still running. */
  onBusyChange?: (isBusy: boolean) => void;
  disabled?: boolean;
}

export function MaterialUpload({ id, onChange, onBusyChange, disabled }: MaterialUploadProps) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<UploadFile<StoredFile>[]>([]);
  const [refused, setRefused] = useState<string | null>(null);
  const reported = useRef<string>('');

  // Report the finished files and whether anything is still uploading (after render).
  useEffect(() => {
    const done = files.flatMap((f) =>
      f.status === 'done' && f.response ? [f.response.sha256] : [],
    );
    const key = done.join(',');
    if (key !== reported.current) {
      reported.current = key;
      onChange?.(done);
    }
    onBusyChange?.(files.some((f) => f.status === 'uploading'));
  }, [files, onChange, onBusyChange]);

  const failed = files.filter((f) => f.status === 'error');

  return (
    <div>
      <Upload.Dragger
        id={id}
        accept={ACCEPT}
        multiple
        disabled={disabled}
        fileList={files}
        maxCount={MAX_FILES}
        onChange={({ fileList }) => setFiles(fileList)}
        beforeUpload={(file) => {
          if (file.size > MAX_BYTES) {
            setRefused(t('applications.upload.tooLarge', { name: file.name, mb: 20 }));
            return Upload.LIST_IGNORE;
          }
          setRefused(null);
          return true;
        }}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          uploadFile(file as File, { onProgress: (percent) => onProgress?.({ percent }) })
            .then((stored) => onSuccess?.(stored))
            .catch((error: unknown) => {
              const message = errorText(t, error);
              onError?.(new Error(message));
            });
        }}
        showUploadList={{ showRemoveIcon: !disabled }}
      >
        <p className="ant-upload-text">
          <InboxOutlined style={{ color: '#1677ff', marginInlineEnd: 8 }} />
          {t('applications.upload.drop')}
        </p>
        <p className="ant-upload-hint">
          {t('applications.upload.hint', { mb: 20, count: MAX_FILES })}
        </p>
      </Upload.Dragger>
      {refused && (
        <Typography.Text type="danger" role="alert">
          {refused}
        </Typography.Text>
      )}
      {failed.map((f) => (
        <div key={f.uid}>
          <Typography.Text type="danger" role="alert">
            {t('applications.upload.failed', {
              name: f.name,
              reason: f.error instanceof Error ? f.error.message : '',
            })}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}
