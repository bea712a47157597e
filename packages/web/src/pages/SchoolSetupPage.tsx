import { useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useSchoolChoice } from '../components/SchoolPicker.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import type { Role, SessionUser } from '../api/types.ts';
import { useSession } from '../session.ts';
import { BellSchedulesPanel } from './school-setup/BellSchedulesPanel.tsx';
import { CoursesPanel } from './school-setup/CoursesPanel.tsx';
import { RoomsPanel } from './school-setup/RoomsPanel.tsx';
import { SectionsPanel } from './school-setup/SectionsPanel.tsx';

const TABS = [
  { id: 'sections', label: 'Sections' },
  { id: 'courses', label: 'Courses' },
  { id: 'bell-schedules', label: 'Bell schedules' },
  { id: 'rooms', label: 'Rooms' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** Whether the person holds one of the roles at the school (or district-wide). */
const servesWith = (user: SessionUser, schoolId: number, ...roles: Role[]) => user.roles.some((g) => roles.includes(g.role) && (g.schoolId === null || g.schoolId === schoolId));

/**
 * School setup: the course catalog (the district's), and a school's sections, periods and bell
 * schedules, and rooms. The open tab is kept in the address so it can be bookmarked.
 */
export function SchoolSetupPage() {
  usePageTitle('School setup');
  const user = useSession().data?.user;
  const [params, setParams] = useSearchParams();
  const open: Tab = TABS.find((t) => t.id === params.get('tab'))?.id ?? 'sections';
  const { schoolId, picker } = useSchoolChoice();
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const choose = (tab: Tab) => {
    const next = new URLSearchParams(params);
    next.set('tab', tab);
    setParams(next, { replace: true });
  };
  const onKey = (event: React.KeyboardEvent, index: number) => {
    const move = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!move) return;
    event.preventDefault();
    const next = (index + move + TABS.length) % TABS.length;
    choose(TABS[next]!.id);
    buttons.current[next]?.focus();
  };
  const keepsCatalog = user ? user.roles.some((g) => g.role === 'district-admin' && g.schoolId === null) : false;
  const keepsSchool = user && schoolId !== null ? servesWith(user, schoolId, 'district-admin', 'school-admin', 'attendance-clerk') && !user.viewedBy : false;
  return (
    <>
      <h1>School setup</h1>
      <p className="lead">The district&apos;s course catalog, and each school&apos;s sections, periods and bell schedules, and rooms. Terms and the calendar are under School year &amp; calendar.</p>
      {open !== 'courses' ? picker : null}
      <div role="tablist" aria-label="School setup" className="tabs">
        {TABS.map((tab, i) => (
          <button
            key={tab.id}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`setup-tab-${tab.id}`}
            aria-selected={open === tab.id}
            aria-controls={`setup-panel-${tab.id}`}
            tabIndex={open === tab.id ? 0 : -1}
            onClick={() => choose(tab.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`setup-panel-${open}`} aria-labelledby={`setup-tab-${open}`} className="tab-panel">
        {open === 'courses' ? <CoursesPanel mayEdit={keepsCatalog && !user?.viewedBy} /> : null}
        {open === 'sections' && schoolId !== null ? <SectionsPanel key={schoolId} schoolId={schoolId} mayEdit={keepsSchool} /> : null}
        {open === 'bell-schedules' && schoolId !== null ? <BellSchedulesPanel key={schoolId} schoolId={schoolId} mayEdit={keepsSchool} /> : null}
        {open === 'rooms' && schoolId !== null ? <RoomsPanel key={schoolId} schoolId={schoolId} mayEdit={keepsSchool} /> : null}
      </div>
    </>
  );
}
