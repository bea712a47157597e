import { describe, expect, it } from 'vitest';
import { expectAccessible, h1, newPerson, screenshot, signIn, useHomeroom } from './support/homeroom.ts';

// The help desk of issue #19 end to end: a teacher reports a problem from the screen where it went
// wrong, the help desk sees it in its queue with what the teacher saw, answers and resolves it, and
// the teacher sees it resolved.
const homeroom = useHomeroom();

describe('the help desk', () => {
  it('takes a teacher\'s report with its context, answers and resolves it, and the teacher sees it resolved', async () => {
    const teacher = await newPerson(homeroom);
    await signIn(teacher.page, 'teacher');
    await h1(teacher.page).getByText(/^Today, /).waitFor();
    // A record that is not there: the request fails with a problem code the report will carry.
    await teacher.page.goto('/students/999999');
    await teacher.page.getByRole('alert').first().waitFor();

    // Keyboard only: the button opens a modal dialog with focus inside it.
    const report = teacher.page.getByRole('button', { name: 'Report a problem' });
    await report.focus();
    await teacher.page.keyboard.press('Enter');
    const dialog = teacher.page.getByRole('dialog', { name: 'Report a problem' });
    await dialog.waitFor();
    await teacher.page.getByLabel('What happened?').fill('Attendance will not save for period 2, and this student page is empty');
    await dialog.getByText('What is sent with it').click();
    await dialog.getByText(/not-found \(GET \/api\/students\/:id/).waitFor();
    await expectAccessible(teacher.page, 'report a problem');
    await screenshot(teacher.page, '90-report-a-problem');
    await dialog.getByRole('button', { name: 'Send to the help desk' }).click();
    const done = dialog.getByText(/the help desk has your report, ticket (\d+)/);
    await done.waitFor();
    const ticketId = Number(/ticket (\d+)/.exec((await done.textContent()) ?? '')![1]);
    await dialog.getByText(/It is marked urgent/).waitFor();
    await teacher.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    const agent = await newPerson(homeroom);
    await signIn(agent.page, 'helpdesk');
    await h1(agent.page).getByText('Help desk').waitFor();
    await agent.page.getByRole('link', { name: 'Help-desk queue' }).click();
    await h1(agent.page).getByText('Help-desk queue').waitFor();
    const row = agent.page.getByRole('row').filter({ has: agent.page.getByRole('link', { name: `Ticket ${ticketId}`, exact: true }) });
    await row.getByText('Urgent').waitFor();
    await agent.page.getByRole('table', { name: 'Most frequent problem codes this week' }).getByText('not-found').waitFor();
    await expectAccessible(agent.page, 'help-desk queue');
    await screenshot(agent.page, '91-help-desk-queue');

    await row.getByRole('link', { name: `Ticket ${ticketId}` }).click();
    await h1(agent.page).getByText(`Ticket ${ticketId}`).waitFor();
    const context = agent.page.getByRole('region', { name: 'What the reporter saw' });
    await context.getByText('/students/:id').first().waitFor();
    const atReport = agent.page.getByRole('table', { name: 'Requests that had failed when it was reported' });
    await atReport.getByText('not-found').waitFor();
    await atReport.getByText('GET /api/students/:id').waitFor();
    await agent.page.getByRole('table', { name: /recent failed requests/ }).getByText('GET /api/students/:studentId').first().waitFor();
    await expectAccessible(agent.page, 'ticket for the help desk');

    await agent.page.getByRole('button', { name: 'Assign to me' }).click();
    await agent.page.getByRole('button', { name: 'Unassign me' }).waitFor();
    await agent.page.getByLabel('Answer', { exact: true }).fill('Fixed: the attendance service was restarted. Please save again.');
    await agent.page.getByRole('button', { name: 'Send the answer' }).click();
    await agent.page.getByText('Fixed: the attendance service was restarted. Please save again.').waitFor();
    await agent.page.getByRole('button', { name: 'Resolve' }).click();
    await agent.page.getByText(/set the status to Resolved/).waitFor();
    await screenshot(agent.page, '92-ticket-resolved');
    const stored = await homeroom.db.selectFrom('help_desk_ticket').select(['status', 'first_answered_at', 'resolved_at', 'assignee_id']).where('id', '=', ticketId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'resolved', assignee_id: homeroom.district.users.helpdesk });
    expect(stored.first_answered_at).not.toBeNull();
    expect(stored.resolved_at).not.toBeNull();

    // "View as" from the ticket: read-only, and the audit row that starts it names the ticket.
    await agent.page.getByRole('button', { name: 'View as teacher (read-only, recorded with this ticket)' }).click();
    await agent.page.getByText(/Viewing as teacher \(teacher\)/).waitFor();
    const viewed = await homeroom.db.selectFrom('audit_event').select(['details', 'entity_id']).where('action', '=', 'view-as-start').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(viewed).toMatchObject({ entity_id: String(homeroom.district.users.teacher), details: { ticketId } });
    await agent.page.getByRole('button', { name: 'Stop viewing as teacher' }).click();
    await agent.page.getByRole('link', { name: 'Help-desk queue' }).waitFor();

    await teacher.page.getByRole('link', { name: 'My reports' }).click();
    await h1(teacher.page).getByText('My reports').waitFor();
    const mine = teacher.page.getByRole('row').filter({ has: teacher.page.getByRole('link', { name: `Ticket ${ticketId}`, exact: true }) });
    await mine.getByText('Resolved').waitFor();
    await expectAccessible(teacher.page, 'my reports');
    await mine.getByRole('link', { name: `Ticket ${ticketId}` }).click();
    await teacher.page.getByText('Fixed: the attendance service was restarted. Please save again.').waitFor();
    await teacher.page.getByText(/set the status to Resolved/).waitFor();
    await screenshot(teacher.page, '93-my-report-resolved');

    // The district's figures, for its administrator: nothing open, and this week's problem codes.
    const admin = await newPerson(homeroom);
    await signIn(admin.page, 'admin');
    await admin.page.getByRole('link', { name: 'Help-desk figures' }).click();
    await h1(admin.page).getByText('Help-desk figures').waitFor();
    await admin.page.getByRole('table', { name: 'Most frequent problem codes this week' }).getByText('not-found').waitFor();
    await expectAccessible(admin.page, 'help-desk figures');
    await admin.context.close();
    await teacher.context.close();
    await agent.context.close();
  });
});
