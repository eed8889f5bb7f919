// Routes. Only the portal's first screen is in the main bundle; every other page is its own
// chunk, loaded on first visit (so are ECharts and the map, which only those pages import).
import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate, useParams } from 'react-router';
import { AppLayout } from './shell/app-layout.tsx';
import { access, type AccessRule } from './shell/access.ts';
import { lazyPage } from './shell/lazy-page.ts';
import { RequireAccess } from './shell/require-access.tsx';
import { RouteError } from './shell/route-error.tsx';
import { NotFoundView } from './shell/status-views.tsx';
import { HomePage } from './pages/home-page.tsx';

const LoginPage = lazyPage(() => import('./pages/login-page.tsx'), 'LoginPage');

const ServicesPage = lazyPage(() => import('./portal/services-page.tsx'), 'ServicesPage');
const ServiceGuidePage = lazyPage(
  () => import('./portal/service-guide-page.tsx'),
  'ServiceGuidePage',
);
const WorkbenchPage = lazyPage(() => import('./staff/workbench-page.tsx'), 'WorkbenchPage');
const TaskPage = lazyPage(() => import('./staff/task-page.tsx'), 'TaskPage');
const TaskCreatePage = lazyPage(() => import('./staff/task-create-page.tsx'), 'TaskCreatePage');
const MeLayout = lazyPage(() => import('./me/me-layout.tsx'), 'MeLayout');
const DataUsesPage = lazyPage(() => import('./me/data-uses-page.tsx'), 'DataUsesPage');
const NotificationsPage = lazyPage(
  () => import('./me/notifications-page.tsx'),
  'NotificationsPage',
);
const ApplyPage = lazyPage(() => import('./portal/applications/apply-page.tsx'), 'ApplyPage');
const ApplicationLinkRedirect = lazyPage(
  () => import('./portal/applications/application-link-redirect.tsx'),
  'ApplicationLinkRedirect',
);
const VerifyPage = lazyPage(() => import('./portal/verify-page.tsx'), 'VerifyPage');
const BundlesPage = lazyPage(() => import('./portal/bundles/bundles-page.tsx'), 'BundlesPage');
const BundlePage = lazyPage(() => import('./portal/bundles/bundle-page.tsx'), 'BundlePage');
const BundleApplicationPage = lazyPage(
  () => import('./portal/bundles/bundle-application-page.tsx'),
  'BundleApplicationPage',
);
const MyApplicationsPage = lazyPage(
  () => import('./me/applications-page.tsx'),
  'MyApplicationsPage',
);
const MyApplicationPage = lazyPage(() => import('./me/application-page.tsx'), 'MyApplicationPage');
const MyLicencesPage = lazyPage(() => import('./me/licences-page.tsx'), 'MyLicencesPage');
const WorkbenchTabs = lazyPage(() => import('./staff/workbench-tabs.tsx'), 'WorkbenchTabs');
const ApplicationQueuePage = lazyPage(
  () => import('./staff/applications/application-queue-page.tsx'),
  'ApplicationQueuePage',
);
const ApplicationRecordPage = lazyPage(
  () => import('./staff/applications/application-record-page.tsx'),
  'ApplicationRecordPage',
);
const WindowIntakePage = lazyPage(
  () => import('./staff/applications/window-intake-page.tsx'),
  'WindowIntakePage',
);
const RectificationQueuePage = lazyPage(
  () => import('./staff/applications/rectification-queue-page.tsx'),
  'RectificationQueuePage',
);
const RectificationPage = lazyPage(
  () => import('./staff/applications/rectification-page.tsx'),
  'RectificationPage',
);
const ReportCasePage = lazyPage(() => import('./cases/report-case-page.tsx'), 'ReportCasePage');
const MyCasesPage = lazyPage(() => import('./cases/my-cases-page.tsx'), 'MyCasesPage');
const CasePage = lazyPage(() => import('./cases/case-page.tsx'), 'CasePage');
const CaseQueuePage = lazyPage(() => import('./cases/case-queue-page.tsx'), 'CaseQueuePage');
const HotlinePage = lazyPage(() => import('./hotline/hotline-page.tsx'), 'HotlinePage');
const AdminLayout = lazyPage(() => import('./admin/admin-layout.tsx'), 'AdminLayout');
const UsersTab = lazyPage(() => import('./admin/users-tab.tsx'), 'UsersTab');
const ApiKeysTab = lazyPage(() => import('./admin/api-keys-tab.tsx'), 'ApiKeysTab');
const CalendarTab = lazyPage(() => import('./admin/calendar-tab.tsx'), 'CalendarTab');
const AuditTab = lazyPage(() => import('./admin/audit-tab.tsx'), 'AuditTab');
const CommandPage = lazyPage(() => import('./command/command-page.tsx'), 'CommandPage');
const SupervisionPage = lazyPage(
  () => import('./supervision/supervision-page.tsx'),
  'SupervisionPage',
);
const BulletinPage = lazyPage(() => import('./supervision/bulletin-page.tsx'), 'BulletinPage');
const CatalogueTab = lazyPage(() => import('./admin/catalogue-tab.tsx'), 'CatalogueTab');
const CategoriesTab = lazyPage(() => import('./admin/categories-tab.tsx'), 'CategoriesTab');
const WasteLayout = lazyPage(() => import('./waste/waste-layout.tsx'), 'WasteLayout');
const ManifestListPage = lazyPage(
  () => import('./waste/manifests/manifest-list-page.tsx'),
  'ManifestListPage',
);
const ManifestPage = lazyPage(() => import('./waste/manifests/manifest-page.tsx'), 'ManifestPage');
const ApprovalsPage = lazyPage(
  () => import('./waste/approvals/approvals-page.tsx'),
  'ApprovalsPage',
);
const RegistryPage = lazyPage(() => import('./waste/registry/registry-page.tsx'), 'RegistryPage');
const OutputsPage = lazyPage(() => import('./waste/statistics/outputs-page.tsx'), 'OutputsPage');
const WasteStatisticsPage = lazyPage(
  () => import('./waste/statistics/statistics-page.tsx'),
  'StatisticsPage',
);

/** Notification links name the subject (/task/12); the record lives in the workbench. */
function TaskLinkRedirect() {
  const { id } = useParams();
  return <Navigate to={`/staff/tasks/${id}`} replace />;
}

export const router = createBrowserRouter([
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      {
        // Errors inside a page keep the header (language, logout) usable.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'login', element: <LoginPage /> },
          { path: 'services', element: <ServicesPage /> },
          { path: 'services/:code', element: <ServiceGuidePage /> },
          { path: 'services/:code/apply', element: guarded(access.signedIn, <ApplyPage />) },
          { path: 'services/applications/:id', element: <ApplicationLinkRedirect /> },
          { path: 'bundles', element: <BundlesPage /> },
          { path: 'bundles/:code', element: <BundlePage /> },
          {
            path: 'bundles/applications/:id',
            element: guarded(access.signedIn, <BundleApplicationPage />),
          },
          { path: 'verify', element: <VerifyPage /> },
          { path: 'verify/:number', element: <VerifyPage /> },
          {
            path: 'me',
            element: (
              <RequireAccess rule={access.signedIn}>
                <MeLayout />
              </RequireAccess>
            ),
            children: [
              { path: 'data-uses', element: <DataUsesPage /> },
              { path: 'applications', element: <MyApplicationsPage /> },
              { path: 'applications/:id', element: <MyApplicationPage /> },
              { path: 'licences', element: <MyLicencesPage /> },
              { path: 'notifications', element: <NotificationsPage /> },
            ],
          },
          {
            path: 'staff',
            element: <RequireAccess rule={access.staff} />,
            children: [
              {
                element: <WorkbenchTabs />,
                children: [
                  { index: true, element: <WorkbenchPage /> },
                  {
                    path: 'applications',
                    element: guarded(access.applications, <ApplicationQueuePage />),
                  },
                  {
                    path: 'rectifications',
                    element: guarded(access.rectifications, <RectificationQueuePage />),
                  },
                  { path: 'cases', element: guarded(access.cases, <CaseQueuePage />) },
                ],
              },
              {
                path: 'applications/new',
                element: guarded(access.windowIntake, <WindowIntakePage />),
              },
              {
                path: 'applications/:id',
                element: guarded(access.applications, <ApplicationRecordPage />),
              },
              {
                path: 'rectifications/:id',
                element: guarded(access.rectifications, <RectificationPage />),
              },
              {
                path: 'tasks/new',
                element: (
                  <RequireAccess rule={access.createTask}>
                    <TaskCreatePage />
                  </RequireAccess>
                ),
              },
              { path: 'tasks/:id', element: <TaskPage /> },
              { path: 'cases/:id', element: guarded(access.cases, <CasePage />) },
            ],
          },
          { path: 'task/:id', element: <TaskLinkRedirect /> },
          { path: 'cases/new', element: guarded(access.reportCase, <ReportCasePage />) },
          { path: 'cases/mine', element: guarded(access.signedIn, <MyCasesPage />) },
          { path: 'cases/:id', element: guarded(access.signedIn, <CasePage />) },
          { path: 'hotline', element: guarded(access.hotline, <HotlinePage />) },
          { path: 'command', element: guarded(access.command, <CommandPage />) },
          {
            path: 'supervision',
            element: <RequireAccess rule={access.supervision} />,
            children: [
              { index: true, element: <SupervisionPage /> },
              { path: 'bulletin', element: <BulletinPage /> },
            ],
          },
          {
            path: 'waste',
            element: guarded(access.waste, <WasteLayout />),
            children: [
              { index: true, element: <Navigate to="manifests" replace /> },
              { path: 'manifests', element: <ManifestListPage /> },
              { path: 'manifests/:id', element: <ManifestPage /> },
              { path: 'approvals', element: <ApprovalsPage /> },
              { path: 'registry', element: <RegistryPage /> },
              { path: 'outputs', element: guarded(access.wasteOutputs, <OutputsPage />) },
              {
                path: 'statistics',
                element: guarded(access.wasteStatistics, <WasteStatisticsPage />),
              },
            ],
          },
          {
            path: 'admin',
            element: (
              <RequireAccess rule={access.admin}>
                <AdminLayout />
              </RequireAccess>
            ),
            children: [
              { path: 'users', element: guarded(access.adminUsers, <UsersTab />) },
              { path: 'api-keys', element: guarded(access.adminApiKeys, <ApiKeysTab />) },
              { path: 'calendar', element: guarded(access.adminCalendar, <CalendarTab />) },
              { path: 'audit', element: guarded(access.adminAudit, <AuditTab />) },
              { path: 'catalogue', element: guarded(access.adminCatalogue, <CatalogueTab />) },
              { path: 'categories', element: guarded(access.adminCategories, <CategoriesTab />) },
            ],
          },
          { path: '*', element: <NotFoundView /> },
        ],
      },
    ],
  },
]);

function guarded(rule: AccessRule, page: ReactNode) {
  return <RequireAccess rule={rule}>{page}</RequireAccess>;
}
