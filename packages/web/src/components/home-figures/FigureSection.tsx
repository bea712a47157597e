import type { ReactNode } from 'react';
import { Link } from 'react-router';

/**
 * One picture of the home page: its heading, a line saying what it counts, the chart for the eye
 * (hidden from screen readers, who get the table) and the same figures as a table, folded away
 * under a summary that opens it, where each row links to the list behind its figure.
 */
export function FigureSection({ id, title, about, chart, caption, columns, children }: { id: string; title: string; about: ReactNode; chart: ReactNode | null; caption: string; columns: string[]; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="home-figure" data-figure={id}>
      <h3 id={`${id}-heading`}>{title}</h3>
      <p className="hint">{about}</p>
      {chart ? (
        <div className="chart" aria-hidden="true">
          {chart}
        </div>
      ) : null}
      <details>
        <summary>The figures as a table</summary>
        <div className="table-wrap">
          <table data-list={id}>
            <caption>{caption}</caption>
            <thead>
              <tr>
                {columns.map((c, i) => (
                  <th scope="col" key={c} className={i === 0 ? undefined : 'number'}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** The charts' colours: a line, bars, and alerts apart from tickets. */
export const FIGURE_COLOURS = { line: '#1565c0', bar: '#6a4c93', alert: '#b3261e', ticket: '#8d6e00' };

export const CHART_SIZE = { width: 640, height: 260 };

/** A table's rows of a name opening its list and a count; "None" when there is nothing to count. */
export function CountRows({ rows }: { rows: Array<{ key: string | number; name: string; to: string; count: number }> }) {
  if (rows.length === 0) {
    return (
      <tr>
        <td colSpan={2}>None</td>
      </tr>
    );
  }
  return rows.map((r) => (
    <tr key={r.key} data-row={r.key}>
      <th scope="row">
        <Link to={r.to}>{r.name}</Link>
      </th>
      <td className="number">{r.count.toLocaleString()}</td>
    </tr>
  ));
}
