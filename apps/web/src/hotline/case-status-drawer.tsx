// An earlier case of the caller, read out while talking: where it stands, what was done, and
// (for call takers) the call back.
import { Card, Drawer, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CaseActions } from '../cases/case-actions.tsx';
import { CaseFacts } from '../cases/case-facts.tsx';
import { CaseProgress } from '../cases/case-progress.tsx';
import { caseSubjectOf, useCase } from '../cases/case-queries.ts';
import { CaseStateTag } from '../cases/case-state-tag.tsx';
import { CategoryName } from '../cases/category-name.tsx';
import { CaseTimeline } from '../cases/case-timeline.tsx';
import { isNotFound } from '../shell/error-text.ts';
import { ErrorView, Loading, NoAccessView } from '../shell/status-views.tsx';

export function CaseStatusDrawer({
  caseId,
  onClose,
}: {
  caseId: number | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const id = caseId === null ? '' : String(caseId);
  const query = useCase(id);
  const subject = query.data ? caseSubjectOf(query.data) : undefined;
  let body;
  if (caseId === null) body = null;
  else if (isNotFound(query.error)) body = <NoAccessView />;
  else if (query.isPending) body = <Loading />;
  else if (query.isError)
    body = <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  else if (!subject) body = <NoAccessView />;
  else {
    const view = query.data;
    body = (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>
            <CategoryName code={subject.categoryCode} fallback={subject.categoryName} />
          </Typography.Text>
          <CaseStateTag state={view.state} label={view.stateLabel} isOverdue={view.isOverdue} />
          <Link to={`/staff/cases/${view.id}`}>{t('hotline.drawer.openRecord')}</Link>
        </Space>
        <CaseProgress state={view.state} isOverdue={view.isOverdue} />
        <CaseFacts subject={subject} isStaffView />
        <Card size="small" title={t('hotline.drawer.actions')}>
          <CaseActions
            view={view}
            subject={subject}
            onDone={() =>
              Promise.all([
                client.invalidateQueries({ queryKey: ['case', id] }),
                client.invalidateQueries({ queryKey: ['cases', 'list'] }),
              ])
            }
          />
        </Card>
        <CaseTimeline history={view.history} isStaffView />
      </Space>
    );
  }
  return (
    <Drawer
      open={caseId !== null}
      onClose={onClose}
      size={560}
      title={subject?.caseNumber ?? t('hotline.drawer.title')}
      destroyOnHidden
    >
      {body}
    </Drawer>
  );
}
