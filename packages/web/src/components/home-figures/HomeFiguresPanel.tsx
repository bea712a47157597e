import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client.ts';
import type { HomeFigures } from '../../api/types.ts';
import { ErrorNotice, Loading } from '../ErrorNotice.tsx';
import { AlertsAndTicketsChart } from './AlertsAndTicketsChart.tsx';
import { AttendanceRateChart } from './AttendanceRateChart.tsx';
import { IncompleteSchedulesChart } from './IncompleteSchedulesChart.tsx';
import { SeniorsAtRiskChart } from './SeniorsAtRiskChart.tsx';

/** The administrators' home in pictures: four charts, each with its figures as a table. */
export function HomeFiguresPanel({ districtWide }: { districtWide: boolean }) {
  const figures = useQuery({ queryKey: ['home-figures'], queryFn: ({ signal }) => apiGet<HomeFigures>('/api/home/figures', signal), staleTime: 5 * 60_000 });
  return (
    <section aria-labelledby="home-figures-heading" className="home-figures">
      <h2 id="home-figures-heading">{districtWide ? 'The district in pictures' : figures.data?.school ? `${figures.data.school.name} in pictures` : 'Your schools in pictures'}</h2>
      {figures.isPending ? <Loading what="the charts" /> : null}
      {figures.error ? <ErrorNotice error={figures.error} onRetry={() => void figures.refetch()} /> : null}
      {figures.data ? <HomeFigureCharts figures={figures.data} districtWide={districtWide} /> : null}
    </section>
  );
}

export function HomeFigureCharts({ figures, districtWide }: { figures: HomeFigures; districtWide: boolean }) {
  return (
    <>
      <AttendanceRateChart attendance={figures.attendance} />
      <IncompleteSchedulesChart figures={figures.incompleteSchedules} />
      <SeniorsAtRiskChart figures={figures.seniorsAtRisk} schoolId={figures.school?.id ?? null} />
      <AlertsAndTicketsChart alerts={figures.alerts} tickets={figures.tickets} helpDeskQueue={districtWide} />
    </>
  );
}
