import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_SIZE, FIGURE_COLOURS } from './FigureSection.tsx';

/**
 * A count for each of a few things (schools, requirements, rules), one bar a row with its name
 * beside it, as tall as its rows. A bar that opens a list shows the hand; `cells` colours bars apart.
 */
export function HorizontalBars<Row extends object>({ data, name, value, label, labelWidth = 220, onOpen, cells }: { data: Row[]; name: string; value: string; label: string; labelWidth?: number; onOpen?: (row: Row) => void; cells?: ReactNode }) {
  return (
    <BarChart width={CHART_SIZE.width} height={Math.max(120, 40 * data.length + 40)} data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis type="number" allowDecimals={false} />
      <YAxis type="category" dataKey={name} width={labelWidth} />
      <Tooltip />
      <Bar dataKey={value} name={label} fill={FIGURE_COLOURS.bar} isAnimationActive={false} {...(onOpen ? { cursor: 'pointer', onClick: (entry: { payload?: Row }) => entry.payload && onOpen(entry.payload) } : {})}>
        {cells}
      </Bar>
    </BarChart>
  );
}
