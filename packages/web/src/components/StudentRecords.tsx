import { useId, useRef, useState } from 'react';
import type { StudentProfile } from '../api/types.ts';
import { CourseRequestsPanel } from './student-records/CourseRequestsPanel.tsx';
import { GraduationPanel } from './student-records/GraduationPanel.tsx';
import { ScheduleChangePanel } from './student-records/ScheduleChangePanel.tsx';
import { TranscriptPanel } from './student-records/TranscriptPanel.tsx';

const TABS = [
  { id: 'transcript', label: 'Transcript' },
  { id: 'graduation', label: 'Graduation audit' },
  { id: 'requests', label: 'Course requests' },
  { id: 'schedule-change', label: 'Schedule change' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/**
 * The academic record under the profile: transcript, graduation audit, course requests and (for
 * counselors and administrators) a schedule change. Tabs so that each part is loaded, and each
 * read audited, only when someone opens it.
 */
export function StudentRecords({ student, mayChange, schoolId }: { student: StudentProfile; mayChange: boolean; schoolId: number | null }) {
  const tabs = TABS.filter((t) => t.id !== 'schedule-change' || (mayChange && schoolId !== null));
  const [open, setOpen] = useState<TabId | null>(null);
  const ids = useId();
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (event: React.KeyboardEvent, index: number) => {
    const move = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!move) return;
    event.preventDefault();
    const next = (index + move + tabs.length) % tabs.length;
    setOpen(tabs[next]!.id);
    buttons.current[next]?.focus();
  };
  return (
    <section aria-labelledby={`${ids}-records`} className="records">
      <h2 id={`${ids}-records`}>Academic record</h2>
      <div role="tablist" aria-label="Academic record" className="tabs">
        {tabs.map((tab, i) => (
          <button
            key={tab.id}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${ids}-tab-${tab.id}`}
            aria-selected={open === tab.id}
            aria-controls={`${ids}-panel-${tab.id}`}
            tabIndex={open === tab.id || (open === null && i === 0) ? 0 : -1}
            onClick={() => setOpen(tab.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {open === null ? <p className="hint">Choose a part of the record to open it. Each opening is recorded in the student’s access log.</p> : null}
      {open ? (
        <div role="tabpanel" id={`${ids}-panel-${open}`} aria-labelledby={`${ids}-tab-${open}`} className="tab-panel">
          {open === 'transcript' ? <TranscriptPanel studentId={student.id} mayCorrect={mayChange} /> : null}
          {open === 'graduation' ? <GraduationPanel studentId={student.id} /> : null}
          {open === 'requests' ? <CourseRequestsPanel studentId={student.id} mayChange={mayChange} /> : null}
          {open === 'schedule-change' && schoolId !== null ? <ScheduleChangePanel student={student} schoolId={schoolId} /> : null}
        </div>
      ) : null}
    </section>
  );
}
