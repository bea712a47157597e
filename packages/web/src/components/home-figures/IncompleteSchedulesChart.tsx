import { useNavigate } from 'react-router';
import type { HomeFigures } from '../../api/types.ts';
import { counted, formatDay } from '../../format.ts';
import { CountRows, FigureSection } from './FigureSection.tsx';
import { HorizontalBars } from './HorizontalBars.tsx';

/** The schools drawn; the table lists them all. */
const DRAWN = 15;

const listOf = (schoolId: number) => `/schedules/incomplete?school=${schoolId}`;

/** Students without a complete schedule on the school day judged, by school, most first. */
export function IncompleteSchedulesChart({ figures }: { figures: HomeFigures['incompleteSchedules'] }) {
  const navigate = useNavigate();
  const drawn = figures.bySchool.slice(0, DRAWN);
  const about = !figures.day
    ? 'No school day is ahead in the calendar.'
    : figures.total === 0
      ? `Every secondary student has a class in each period on ${formatDay(figures.day)}.`
      : `${counted(figures.total, 'student')} with a period empty or no class on ${formatDay(figures.day)}${figures.bySchool.length > DRAWN ? `; the ${DRAWN} schools with most are drawn` : ''}. Open a school for its list.`;
  return (
    <FigureSection
      id="incomplete-schedules"
      title="Students without a complete schedule, by school"
      about={about}
      chart={
        drawn.length === 0 ? null : (
          <HorizontalBars data={drawn} name="school" value="students" label="Students" onOpen={(row) => void navigate(listOf(row.schoolId))} />
        )
      }
      caption="Students without a complete schedule by school"
      columns={['School', 'Students']}
    >
      <CountRows rows={figures.bySchool.map((s) => ({ key: s.schoolId, name: s.school, to: listOf(s.schoolId), count: s.students }))} />
    </FigureSection>
  );
}
