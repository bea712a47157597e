import { Cell } from 'recharts';
import { Link } from 'react-router';
import type { HomeFigures } from '../../api/types.ts';
import { RULE_NAMES } from '../../pages/AlertsPage.tsx';
import { counted } from '../../format.ts';
import { FIGURE_COLOURS, FigureSection } from './FigureSection.tsx';
import { HorizontalBars } from './HorizontalBars.tsx';

const PRIORITIES = [['urgent', 'Urgent'], ['high', 'High'], ['normal', 'Normal'], ['low', 'Low']] as const;

/** What is still open: alerts by rule (opening the alerts) and help-desk tickets by priority (opening the queue). */
export function AlertsAndTicketsChart({ alerts, tickets, helpDeskQueue }: { alerts: HomeFigures['alerts']; tickets: HomeFigures['tickets']; helpDeskQueue: boolean }) {
  const data = [
    ...alerts.byRule.map((a) => ({ name: `Alert: ${RULE_NAMES[a.rule]}`, count: a.open + a.acknowledged, kind: 'alert' })),
    ...PRIORITIES.filter(([p]) => tickets.byPriority[p] > 0).map(([p, word]) => ({ name: `Ticket: ${word}`, count: tickets.byPriority[p], kind: 'ticket' })),
  ];
  const ticketsCell = (n: number, word: string) => (helpDeskQueue && n > 0 ? <Link to="/help-desk">{`${word} tickets`}</Link> : `${word} tickets`);
  return (
    <FigureSection
      id="open-alerts-tickets"
      title="Open alerts and help-desk tickets"
      about={`${counted(alerts.total, 'alert')} not yet resolved, ${counted(tickets.total, 'help-desk ticket')} open.`}
      chart={
        data.length === 0 ? null : (
          <HorizontalBars
            data={data}
            name="name"
            value="count"
            label="Open"
            labelWidth={220}
            cells={data.map((d) => (
              <Cell key={d.name} fill={d.kind === 'alert' ? FIGURE_COLOURS.alert : FIGURE_COLOURS.ticket} />
            ))}
          />
        )
      }
      caption="Open alerts by rule and help-desk tickets by priority"
      columns={['What', 'Open', 'Acknowledged']}
    >
      {alerts.byRule.map((a) => (
        <tr key={a.rule} data-alert-rule={a.rule}>
          <th scope="row">
            <Link to="/alerts">{`Alerts: ${RULE_NAMES[a.rule]}`}</Link>
          </th>
          <td className="number">{a.open.toLocaleString()}</td>
          <td className="number">{a.acknowledged.toLocaleString()}</td>
        </tr>
      ))}
      {alerts.byRule.length === 0 ? (
        <tr>
          <th scope="row">
            <Link to="/alerts">Alerts</Link>
          </th>
          <td className="number">0</td>
          <td className="number">0</td>
        </tr>
      ) : null}
      {PRIORITIES.map(([p, word]) => (
        <tr key={p} data-ticket-priority={p}>
          <th scope="row">{ticketsCell(tickets.byPriority[p], word)}</th>
          <td className="number">{tickets.byPriority[p].toLocaleString()}</td>
          <td className="number">—</td>
        </tr>
      ))}
    </FigureSection>
  );
}
