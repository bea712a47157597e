import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setFetch } from '../api/client.ts';
import type { AuditEvent } from '../api/records.ts';
import { AuditTrailPage } from './AuditTrailPage.tsx';
import { renderScreen } from '../testing/render-screen.tsx';

const event = (id: number, studentId: number | null, studentIds: number[] | null): AuditEvent => ({
  id,
  occurredAt: '2026-09-03T15:10:00Z',
  user: { id: 7, username: 'terry' },
  role: 'teacher',
  viewingAsUserId: null,
  action: 'read',
  entity: 'attendance',
  entityId: null,
  studentId,
  studentIds,
  schoolId: 1,
  reason: null,
});

afterEach(cleanup);

describe('the audit trail page', () => {
  it('shows an event about one student by its number, and one about many as how many, with their numbers', async () => {
    const roster = Array.from({ length: 32 }, (_, i) => 101 + i);
    setFetch((async () => Response.json({ items: [event(3, 55, null), event(2, null, roster), event(1, null, [77])], nextCursor: null })) as typeof fetch);
    renderScreen(<AuditTrailPage />, { at: '/audit?userId=7', path: '/audit' });
    await screen.findByText('3 events');
    const cells = screen.getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').at(-2)!);
    expect(cells[0]!.textContent).toBe('55');
    expect(within(cells[1]!).getByText('32 students').tagName).toBe('SUMMARY');
    expect(cells[1]!.textContent).toContain('101, 102, 103');
    expect(cells[1]!.textContent).toContain('132');
    expect(cells[2]!.textContent).toBe('77');
  });
});
