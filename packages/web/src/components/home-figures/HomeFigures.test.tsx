import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { HomeFigures } from '../../api/types.ts';
import { HomeFigureCharts } from './HomeFiguresPanel.tsx';

// The home page's pictures carry their figures as tables, for screen readers and for anyone who
// wants the numbers: each table holds what the chart draws, and its rows open the lists behind them.
const FIGURES: HomeFigures = {
  school: null,
  attendance: {
    schoolYear: '2026-27',
    days: [
      { date: '2026-08-17', expected: 1200, present: 1150, rate: 95.8 },
      { date: '2026-08-18', expected: 1201, present: 1101, rate: 91.7 },
    ],
  },
  incompleteSchedules: { day: '2026-12-08', total: 7, bySchool: [{ schoolId: 4, school: 'Roosevelt High', students: 5 }, { schoolId: 6, school: 'Lincoln Middle', students: 2 }] },
  seniorsAtRisk: { auditedSince: '2026-12-06T10:00:00Z', seniors: 300, audited: 300, atRisk: 12, byRequirement: [{ requirement: 'english', title: 'English', students: 9 }, { requirement: 'math', title: 'Mathematics', students: 4 }] },
  alerts: { total: 3, byRule: [{ rule: 'attendance-not-taken', open: 2, acknowledged: 1 }] },
  tickets: { total: 2, byPriority: { urgent: 1, high: 0, normal: 0, low: 1 } },
};

afterEach(() => cleanup());

function renderCharts(figures: HomeFigures, districtWide = true) {
  render(
    <MemoryRouter>
      <HomeFigureCharts figures={figures} districtWide={districtWide} />
    </MemoryRouter>,
  );
}

const rowsOf = (caption: string) => within(screen.getByRole('table', { name: caption })).getAllByRole('row').slice(1).map((r) => Array.from(r.children).map((c) => c.textContent));

describe("the administrators' home charts", () => {
  it('gives each chart a heading and its figures as a captioned table, with the chart hidden from screen readers', () => {
    renderCharts(FIGURES);
    for (const heading of ['Attendance rate by day, 2026-27', 'Students without a complete schedule, by school', 'Seniors at risk, by missing requirement', 'Open alerts and help-desk tickets']) {
      expect(screen.getByRole('heading', { level: 3, name: heading })).toBeTruthy();
    }
    expect(rowsOf('Attendance rate by school day')).toEqual([
      [expect.stringContaining('2026'), '1,200', '1,150', '95.8%'],
      [expect.stringContaining('2026'), '1,201', '1,101', '91.7%'],
    ]);
    expect(rowsOf('Students without a complete schedule by school')).toEqual([['Roosevelt High', '5'], ['Lincoln Middle', '2']]);
    expect(rowsOf('Seniors at risk by missing requirement')).toEqual([['English', '9'], ['Mathematics', '4']]);
    expect(rowsOf('Open alerts by rule and help-desk tickets by priority')).toEqual([
      ['Alerts: Attendance not taken', '2', '1'], ['Urgent tickets', '1', '—'], ['High tickets', '0', '—'], ['Normal tickets', '0', '—'], ['Low tickets', '1', '—'],
    ]);
    for (const chart of document.querySelectorAll('.chart')) expect(chart.getAttribute('aria-hidden')).toBe('true');
  });

  it("links each school to its incomplete schedules, each requirement to the worklists, the alerts and the help desk's queue", () => {
    renderCharts({ ...FIGURES, school: { id: 4, name: 'Roosevelt High' } });
    expect(screen.getByRole('link', { name: 'Roosevelt High' }).getAttribute('href')).toBe('/schedules/incomplete?school=4');
    expect(screen.getByRole('link', { name: 'English' }).getAttribute('href')).toBe('/graduation?school=4');
    expect(screen.getByRole('link', { name: 'Alerts: Attendance not taken' }).getAttribute('href')).toBe('/alerts');
    expect(screen.getByRole('link', { name: 'Urgent tickets' }).getAttribute('href')).toBe('/help-desk');
  });

  it('says what is not known yet rather than drawing nothing', () => {
    renderCharts({ ...FIGURES, attendance: { schoolYear: '2026-27', days: [] }, seniorsAtRisk: { auditedSince: null, seniors: 40, audited: 0, atRisk: 0, byRequirement: [] } }, false);
    expect(screen.getByText('No school day of this year has ended yet.')).toBeTruthy();
    expect(screen.getByText(/None of the 40 seniors has been audited yet/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Urgent tickets' })).toBeNull();
  });
});
