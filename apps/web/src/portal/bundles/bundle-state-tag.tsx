// The parent's state as a coloured tag (in progress, done, done with refusals).
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BundleApplicationState } from '@citygov/contracts';

const colours: Record<BundleApplicationState, string> = {
  in_progress: 'processing',
  done: 'success',
  done_with_refusals: 'warning',
};

export function BundleStateTag({ state }: { state: BundleApplicationState }) {
  const { t } = useTranslation();
  return <Tag color={colours[state]}>{t(`bundles.progress.states.${state}`)}</Tag>;
}
