import { useSearchParams } from 'react-router';
import { useSession } from '../session.ts';
import { useSchools } from './StudentSearch.tsx';

/**
 * The school a school-level screen is about: the one the person serves, or for district-wide
 * roles a choice kept in the address (?school=) so the page can be bookmarked and shared.
 */
export function useSchoolChoice(): { schoolId: number | null; picker: React.ReactNode } {
  const session = useSession();
  const schools = useSchools();
  const [params, setParams] = useSearchParams();
  const grants = session.data?.user.roles ?? [];
  const districtWide = grants.some((g) => g.schoolId === null);
  const mine = [...new Set(grants.map((g) => g.schoolId).filter((id): id is number => id !== null))];
  const choices = (schools.data?.items ?? []).filter((s) => districtWide || mine.includes(s.id));
  const fromAddress = Number(params.get('school'));
  const schoolId = choices.some((s) => s.id === fromAddress) ? fromAddress : (mine[0] ?? choices[0]?.id ?? null);
  const picker =
    choices.length > 1 ? (
      <div className="toolbar">
        <div>
          <label htmlFor="school-choice">School</label>
          <select
            id="school-choice"
            value={schoolId ?? ''}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              next.set('school', e.target.value);
              setParams(next, { replace: true });
            }}
          >
            {choices.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </div>
    ) : null;
  return { schoolId, picker };
}
