import type { HelpDeskFigures } from '@homeroom/core/api/help-desk';
import { addDays, startOfDayIn, type IsoDate } from '@homeroom/core/attendance/index';
import type { Kysely } from 'kysely';
import { hasRole, type Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { medianTimes, openTicketsByPriority, topProblemCodes } from './help-desk.repository.ts';
import { helpDeskSchools } from './ticket-view.ts';

/** Monday of the district's week. */
function weekStart(today: IsoDate): IsoDate {
  return addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
}

/**
 * The district's help-desk figures: open tickets by priority, the median times to a first answer
 * and to resolution, and this week's most frequent problem codes. Counts and codes only, nothing
 * about a person: not audited. A district administrator sees the whole district; a help desk the
 * users it serves.
 */
export async function viewHelpDeskFigures(db: Kysely<Database>, actor: Actor): Promise<HelpDeskFigures> {
  const schools = hasRole(actor, 'district-admin') ? 'all' : helpDeskSchools(actor);
  const open = await openTicketsByPriority(db, actor.districtId, schools);
  const medians = await medianTimes(db, actor.districtId, schools);
  const codes = await topProblemCodes(db, actor.districtId, startOfDayIn(weekStart(actor.today), actor.timeZone), schools);
  const count = (priority: string) => open.find((row) => row.priority === priority)?.count ?? 0;
  return {
    openByPriority: { urgent: count('urgent'), high: count('high'), normal: count('normal'), low: count('low') },
    medianMinutesToFirstAnswer: medians.to_first_answer,
    medianMinutesToResolution: medians.to_resolution,
    topProblemCodes: codes,
  };
}
