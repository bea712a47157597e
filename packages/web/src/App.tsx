import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiProblem } from './api/client.ts';
import { ErrorNotice, Loading } from './components/ErrorNotice.tsx';
import { Layout } from './components/Layout.tsx';
import { ApiTokensPage } from './pages/ApiTokensPage.tsx';
import { DistrictImportPage } from './pages/DistrictImportPage.tsx';
import { OneRosterExportPage } from './pages/OneRosterExportPage.tsx';
import { ReportCardsPage } from './pages/ReportCardsPage.tsx';
import { SchoolYearPage } from './pages/SchoolYearPage.tsx';
import { SchoolSetupPage } from './pages/SchoolSetupPage.tsx';
import { AttendanceOfficePage } from './pages/AttendanceOfficePage.tsx';
import { AttendancePage } from './pages/AttendancePage.tsx';
import { AccountsPage, AuditTrailPage } from './pages/AuditTrailPage.tsx';
import { GraduationListsPage } from './pages/GraduationListsPage.tsx';
import { MarksPage } from './pages/MarksPage.tsx';
import { MasterSchedulePage } from './pages/MasterSchedulePage.tsx';
import { MySectionsPage } from './pages/MySectionsPage.tsx';
import { SchoolPage } from './pages/SchoolPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { IncompleteSchedulesPage } from './pages/IncompleteSchedulesPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { RosterPage } from './pages/RosterPage.tsx';
import { ReadinessPage } from './pages/ReadinessPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { StudentProfilePage } from './pages/StudentProfilePage.tsx';
import { StudentSearchPage } from './pages/StudentSearchPage.tsx';
import { HelpDeskFiguresPage, HelpDeskQueuePage } from './pages/HelpDeskQueuePage.tsx';
import { MyReportsPage } from './pages/MyReportsPage.tsx';
import { TicketPage } from './pages/TicketPage.tsx';
import { AlertsPage } from './pages/AlertsPage.tsx';
import { NewStudentPage } from './pages/NewStudentPage.tsx';
import { PeoplePage } from './pages/PeoplePage.tsx';
import { StaffMemberPage } from './pages/StaffMemberPage.tsx';
import { SsoSettingPage } from './pages/SsoSettingPage.tsx';
import { SESSION_KEY, useSession } from './session.ts';

export function createQueryClient(): QueryClient {
  // A session that ended while the page was open (timeout, signed out elsewhere) sends the person
  // to sign in, rather than showing "Please sign in" inside every panel.
  const onError = (error: unknown) => {
    if (error instanceof ApiProblem && error.status === 401) client.setQueryData(SESSION_KEY, null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      // Offline, React Query would pause quietly; people must be told the server did not answer.
      mutations: { networkMode: 'always' },
      queries: {
        networkMode: 'always',
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Answers from the server (403, 404, 409…) will not change by asking again; a lost connection may.
        retry: (count, error) => !(error instanceof ApiProblem) && count < 2,
      },
    },
  });
  return client;
}

export function App({ client }: { client: QueryClient }) {
  return (
    <QueryClientProvider client={client}>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route element={<SignedInArea />}>
          <Route path="/" element={<HomePage />} />
          <Route path="/students" element={<StudentSearchPage />} />
          <Route path="/students/new" element={<NewStudentPage />} />
          <Route path="/students/:studentId" element={<StudentProfilePage />} />
          <Route path="/sections" element={<MySectionsPage />} />
          <Route path="/sections/:sectionId/attendance" element={<AttendancePage />} />
          <Route path="/sections/:sectionId/roster" element={<RosterPage />} />
          <Route path="/sections/:sectionId/marks" element={<MarksPage />} />
          <Route path="/graduation" element={<GraduationListsPage />} />
          <Route path="/schedules/incomplete" element={<IncompleteSchedulesPage />} />
          <Route path="/school" element={<SchoolPage />} />
          <Route path="/attendance" element={<AttendanceOfficePage />} />
          <Route path="/school/master-schedule" element={<MasterSchedulePage />} />
          <Route path="/audit" element={<AuditTrailPage />} />
          <Route path="/accounts" element={<AccountsPage />} />
          <Route path="/api-tokens" element={<ApiTokensPage />} />
          <Route path="/district-import" element={<DistrictImportPage />} />
          <Route path="/oneroster-export" element={<OneRosterExportPage />} />
          <Route path="/report-cards" element={<ReportCardsPage />} />
          <Route path="/help-desk" element={<HelpDeskQueuePage />} />
          <Route path="/help-desk/figures" element={<HelpDeskFiguresPage />} />
          <Route path="/my-reports" element={<MyReportsPage />} />
          <Route path="/tickets/:ticketId" element={<TicketPage />} />
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="/readiness" element={<ReadinessPage />} />
          <Route path="/school-year" element={<SchoolYearPage />} />
          <Route path="/school-setup" element={<SchoolSetupPage />} />
          <Route path="/people" element={<PeoplePage />} />
          <Route path="/people/staff/:staffId" element={<StaffMemberPage />} />
          <Route path="/sign-in-settings" element={<SsoSettingPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </QueryClientProvider>
  );
}

function SignedInArea() {
  const session = useSession();
  const location = useLocation();
  usePageTitleFocus();
  if (session.isPending) return <Loading what="Homeroom" />;
  if (session.error) {
    return (
      <main id="main" className="centered">
        <ErrorNotice error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (!session.data) return <Navigate to="/sign-in" replace state={{ next: location.pathname + location.search }} />;
  return <Layout user={session.data.user} />;
}

/** After client-side navigation, move focus to the page so screen readers start at its heading. */
function usePageTitleFocus() {
  const location = useLocation();
  useEffect(() => {
    const main = document.getElementById('main');
    if (main && document.activeElement === document.body) main.focus({ preventScroll: true });
  }, [location.pathname]);
}
