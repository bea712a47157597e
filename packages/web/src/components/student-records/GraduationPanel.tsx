import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client.ts';
import type { GraduationAudit, RequirementStatus } from '../../api/records.ts';
import { ErrorNotice, Loading } from '../ErrorNotice.tsx';
import { requirementSets } from '@homeroom/core/graduation/requirement-sets';

const STATUS_WORDS: Record<string, string> = { met: 'Met', in_progress: 'In progress', missing: 'Missing' };
/** A requirement's title as its set names it (the core's sets), for requirements the summary does not list as missing. */
function requirementTitle(setName: string, id: string): string | undefined {
  return requirementSets.has(setName) ? requirementSets.get(setName).requirements.find((r) => r.id === id)?.title : undefined;
}

function Status({ status }: { status: RequirementStatus | undefined }) {
  if (!status) return <span className="muted">does not apply</span>;
  return <span className={`status status-${status.status}`}>{STATUS_WORDS[status.status] ?? status.status}</span>;
}

export function GraduationPanel({ studentId }: { studentId: number }) {
  const audit = useQuery({ queryKey: ['graduation-audit', studentId], queryFn: ({ signal }) => apiGet<GraduationAudit>(`/api/students/${studentId}/graduation-audit`, signal) });
  if (audit.isPending) return <Loading what="the graduation audit" />;
  if (audit.error) return <ErrorNotice error={audit.error} onRetry={() => void audit.refetch()} />;
  const { audit: a, summary } = audit.data;
  const title = (id: string) => summary.missing.find((m) => m.requirement === id)?.title ?? requirementTitle(a.requirementSet, id) ?? id;
  return (
    <>
      <h3>Verdicts</h3>
      <ul className="verdicts">
        <li>
          Diploma: <strong>{summary.diplomaMet ? 'requirements met' : 'not yet met'}</strong>
        </li>
        <li>
          A-G (UC/CSU): <strong>{summary.agMet ? 'course pattern complete' : 'not yet complete'}</strong>
        </li>
        <li>
          Credits for the grade: <strong>{summary.onTrack ? 'on track' : 'not on track'}</strong>
        </li>
        <li data-testid="on-schedule">
          On schedule to graduate: <strong>{summary.onScheduleToGraduate ? 'yes — every missing requirement is in progress' : 'no'}</strong>
        </li>
      </ul>
      {summary.missing.length > 0 ? (
        <p>
          Still needed: {summary.missing.map((m) => `${m.title} (${STATUS_WORDS[m.status]?.toLowerCase() ?? m.status}${m.needed > 0 ? `, ${m.needed} credits to go` : ''})`).join('; ')}.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="audit-table">
          <caption>Requirements of {summary.requirementSet}: credits earned, in progress and still needed</caption>
          <thead>
            <tr>
              <th scope="col">Requirement</th>
              <th scope="col">Diploma</th>
              <th scope="col">A-G</th>
              <th scope="col" className="number">
                Earned
              </th>
              <th scope="col" className="number">
                In progress
              </th>
              <th scope="col" className="number">
                Needed
              </th>
              <th scope="col">Courses counted</th>
            </tr>
          </thead>
          <tbody>
            {a.requirements.map((r) => {
              const main = r.diploma ?? r.ag!;
              return (
                <tr key={r.id} data-requirement={r.id}>
                  <th scope="row">{title(r.id)}</th>
                  <td>
                    <Status status={r.diploma} />
                  </td>
                  <td>
                    <Status status={r.ag} />
                  </td>
                  <td className="number">{main.earned}</td>
                  <td className="number">{main.inProgress}</td>
                  <td className="number">{main.needed}</td>
                  <td className="courses">{main.courses.join(', ') || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
