import type { SchoolYear } from '../../api/types.ts';

const day = (iso: string | null) => (iso ? new Date(`${iso}T12:00:00Z`).toLocaleDateString([], { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }) : '—');

/** A school year's terms and grading periods to read: the district office sets them up. */
export function TermsSummary({ year }: { year: SchoolYear }) {
  return (
    <section className="panel" aria-labelledby="terms-h">
      <h2 id="terms-h">Terms and grading periods of {year.name}</h2>
      <p>
        {day(year.startDate)} to {day(year.endDate)}. The district office sets up terms and grading periods.
      </p>
      {year.terms.length === 0 ? <p>{year.name} has no terms yet.</p> : null}
      {year.terms.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Terms and grading periods of {year.name}</caption>
            <thead>
              <tr>
                <th scope="col">Term or grading period</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Marks due</th>
              </tr>
            </thead>
            <tbody>
              {year.terms.flatMap((t) => [
                <tr key={`t${t.id}`}>
                  <th scope="row">
                    {t.name} ({t.code})
                  </th>
                  <td>{day(t.startDate)}</td>
                  <td>{day(t.endDate)}</td>
                  <td />
                </tr>,
                ...t.gradingPeriods.map((g) => (
                  <tr key={`g${g.id}`}>
                    <th scope="row" className="indented">
                      {g.name} ({g.code}){g.isFinal ? ', final' : ''}
                    </th>
                    <td>{day(g.startDate)}</td>
                    <td>{day(g.endDate)}</td>
                    <td>{day(g.marksDue)}</td>
                  </tr>
                )),
              ])}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
