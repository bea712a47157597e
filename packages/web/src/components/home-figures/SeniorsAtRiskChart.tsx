import { useNavigate } from 'react-router';
import type { HomeFigures } from '../../api/types.ts';
import { counted } from '../../format.ts';
import { CountRows, FigureSection } from './FigureSection.tsx';
import { HorizontalBars } from './HorizontalBars.tsx';

/** Seniors who cannot graduate on their current schedule, by the requirement still missing. */
export function SeniorsAtRiskChart({ figures, schoolId }: { figures: HomeFigures['seniorsAtRisk']; schoolId: number | null }) {
  const navigate = useNavigate();
  // The worklists are a school's: with one school they open on it, else on the picker.
  const worklists = schoolId === null ? '/graduation' : `/graduation?school=${schoolId}`;
  const since = figures.auditedSince ? new Date(figures.auditedSince).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }) : null;
  const notAudited = figures.seniors - figures.audited;
  const about =
    figures.audited === 0
      ? `None of the ${counted(figures.seniors, 'senior')} has been audited yet: a district administrator runs the graduation audit recompute.`
      : `${counted(figures.atRisk, 'senior')} of ${figures.audited.toLocaleString()} audited cannot graduate on their current schedule (audits of ${since}${notAudited > 0 ? `; ${counted(notAudited, 'senior')} not audited yet` : ''}). A senior missing two requirements counts under each.`;
  return (
    <FigureSection
      id="seniors-at-risk"
      title="Seniors at risk, by missing requirement"
      about={about}
      chart={
        figures.byRequirement.length === 0 ? null : (
          <HorizontalBars data={figures.byRequirement} name="title" value="students" label="Seniors" onOpen={() => void navigate(worklists)} />
        )
      }
      caption="Seniors at risk by missing requirement"
      columns={['Requirement', 'Seniors']}
    >
      <CountRows rows={figures.byRequirement.map((r) => ({ key: r.requirement, name: r.title, to: worklists, count: r.students }))} />
    </FigureSection>
  );
}
