import { useSearchParams } from 'react-router';
import { useSession } from '../session.ts';
import { useSchools } from './StudentSearch.tsx';

/**
 * The school a school-level screen is about: the one the person serves, or for district-wide
 * roles a choice kept in the address (?school=) so the page can be bookmarked and shared. With
 * `wholeDistrict` (the option's words), a district-wide person may also choose no school (null).
 */
export function useSchoolChoice(options: { wholeDistrict?: string; label?: string } = {}): { schoolId: number | null; picker: React.ReactNode } {
  const session = useSession();
  const schools = useSchools();
  const [params, setParams] = useSearchParams();
  const grants = session.data?.user.roles ?? [];
  const districtWide = grants.some((g) => g.schoolId === null);
  const mine = [...new Set(grants.map((g) => g.schoolId).filter((id): id is number => id !== null))];
  const choices = (schools.data?.items ?? []).filter((s) => districtWide || mine.includes(s.id));
  const fromAddress = Number(params.get('school'));
  const district = districtWide && options.wholeDistrict !== undefined;
  const schoolId = choices.some((s) => s.id === fromAddress) ? fromAddress : district ? null : (mine[0] ?? choices[0]?.id ?? null);
  const picker =
    choices.length > 1 || (district && choices.length > 0) ? (
      <div className="toolbar">
        <div>
          <label htmlFor="school-choice">{options.label ?? 'School'}</label>
          <select
            id="school-choice"
            value={schoolId ?? ''}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set('school', e.target.value);
              else next.delete('school');
              setParams(next, { replace: true });
            }}
          >
            {district ? <option value="">{options.wholeDistrict}</option> : null}
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
