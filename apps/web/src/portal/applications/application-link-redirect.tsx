// /services/applications/:id, the link in application notices: the applicant's page for the
// applicant, the record page for staff.
import { Navigate, useParams } from 'react-router';
import { ErrorView, Loading } from '../../shell/status-views.tsx';
import { useMe } from '../../shell/use-me.ts';

export function ApplicationLinkRedirect() {
  const { id = '' } = useParams();
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorView error={me.error} onRetry={() => void me.refetch()} />;
  const target = me.data?.kind === 'staff' ? `/staff/applications/${id}` : `/me/applications/${id}`;
  return <Navigate to={target} replace />;
}
