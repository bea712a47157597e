import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client.ts';
import type { StudentAccounts } from '../../api/types.ts';
import { ErrorNotice, Loading } from '../ErrorNotice.tsx';
import { AccountPanel } from '../people/AccountPanel.tsx';

/**
 * The student's account and their guardians', on the student's record: the school office gives a
 * family its accounts from here. A guardian must already be on the record; this panel never
 * changes the guardian record itself.
 */
export function FamilyAccountsPanel({ studentId }: { studentId: number }) {
  const queryKey = ['people', 'student-accounts', studentId] as const;
  const family = useQuery({ queryKey, queryFn: ({ signal }) => apiGet<StudentAccounts>(`/api/people/students/${studentId}/accounts`, signal) });
  return (
    <section aria-labelledby="family-accounts">
      <h2 id="family-accounts">Accounts</h2>
      {family.isPending ? <Loading what="the accounts" /> : null}
      {family.error ? <ErrorNotice error={family.error} onRetry={() => void family.refetch()} /> : null}
      {family.data ? (
        <>
          <h3>{family.data.student.name} (student)</h3>
          <AccountPanel account={family.data.student.account} who={family.data.student.name} createUrl={`/api/people/students/${studentId}/account`} queryKey={queryKey} mayChange staff={false} />
          {family.data.guardians.map((g) => (
            <div key={g.guardianId}>
              <h3>
                {g.name} {g.relationship ? `(${g.relationship})` : '(guardian)'}
              </h3>
              <AccountPanel account={g.account} who={g.name} createUrl={`/api/people/guardians/${g.guardianId}/account`} queryKey={queryKey} mayChange staff={false} />
            </div>
          ))}
        </>
      ) : null}
    </section>
  );
}
