import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';

const ROW_HEIGHT = 40;

export interface Column<Row> {
  header: string;
  cell: (row: Row) => React.ReactNode;
  /** The row's header cell (its name), read out with each of its cells. */
  rowHeader?: boolean;
  numeric?: boolean;
}

/**
 * A table that holds a whole district's catalog or a big school's sections: only the rows in view
 * are drawn, and aria-rowcount and aria-rowindex tell a screen reader where it is in the whole.
 */
export function VirtualTable<Row>({ rows, columns, rowKey, caption }: { rows: Row[]; columns: Array<Column<Row>>; rowKey: (row: Row) => string | number; caption: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - last.end : 0;
  return (
    <div className="results" ref={scrollRef} tabIndex={0} role="region" aria-label={caption}>
      <table aria-rowcount={rows.length + 1}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? 'number' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 ? (
            <tr aria-hidden="true" style={{ height: paddingTop }}>
              <td colSpan={columns.length} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              // Measured as drawn: a long title wraps, and the scroll height must follow it.
              <tr key={rowKey(row)} aria-rowindex={item.index + 2} data-index={item.index} ref={virtualizer.measureElement}>
                {columns.map((c) =>
                  c.rowHeader ? (
                    <th key={c.header} scope="row">
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={c.header} className={c.numeric ? 'number' : undefined}>
                      {c.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            );
          })}
          {paddingBottom > 0 ? (
            <tr aria-hidden="true" style={{ height: paddingBottom }}>
              <td colSpan={columns.length} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
