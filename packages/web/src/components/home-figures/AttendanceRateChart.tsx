import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { HomeFigures } from '../../api/types.ts';
import { formatDay } from '../../format.ts';
import { CHART_SIZE, FIGURE_COLOURS, FigureSection } from './FigureSection.tsx';

const percent = (rate: number | null) => (rate === null ? '—' : `${rate.toFixed(1)}%`);

/** The attendance rate of each school day this year: students present ÷ students expected. */
export function AttendanceRateChart({ attendance }: { attendance: HomeFigures['attendance'] }) {
  const days = attendance.days;
  const data = days.map((d) => ({ day: formatDay(d.date), rate: d.rate }));
  const lowest = Math.max(0, Math.floor(Math.min(100, ...days.map((d) => d.rate ?? 100)) / 5) * 5 - 5);
  return (
    <FigureSection
      id="attendance-rate"
      title={`Attendance rate by day${attendance.schoolYear ? `, ${attendance.schoolYear}` : ''}`}
      about={days.length === 0 ? 'No school day of this year has ended yet.' : `Students present of the students enrolled, each school day up to yesterday (${days.length} days). A day counts a student absent only for a full-day absence.`}
      chart={
        days.length === 0 ? null : (
          <LineChart width={CHART_SIZE.width} height={CHART_SIZE.height} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" minTickGap={24} />
            <YAxis domain={[lowest, 100]} unit="%" />
            <Tooltip formatter={(value) => [`${String(value)}%`, 'Attendance rate']} />
            <Line type="monotone" dataKey="rate" name="Attendance rate" stroke={FIGURE_COLOURS.line} strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        )
      }
      caption="Attendance rate by school day"
      columns={['Day', 'Students expected', 'Present', 'Attendance rate']}
    >
      {days.map((d) => (
        <tr key={d.date} data-day={d.date}>
          <th scope="row">{formatDay(d.date)}</th>
          <td className="number">{d.expected.toLocaleString()}</td>
          <td className="number">{d.present.toLocaleString()}</td>
          <td className="number">{percent(d.rate)}</td>
        </tr>
      ))}
    </FigureSection>
  );
}
