// Route guard: anonymous visitors go to the login page (and come back); a logged-in user
// without the right sees a 403 page, never a blank screen.
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { AccessRule } from './access.ts';
import { useMe } from './use-me.ts';
import { ErrorView, ForbiddenView, Loading } from './status-views.tsx';

/** Renders its children (or the child routes) once the rule admits the user. */
export function RequireAccess({ rule, children }: { rule: AccessRule; children?: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorView error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (!rule(me.data)) return <ForbiddenView />;
  return children ?? <Outlet />;
}
