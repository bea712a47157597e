import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiGet } from '../../api/client.ts';
import type { StudentContact, StudentFamily, StudentGuardian } from '../../api/types.ts';
import { formatDay, todayIso, yesNo } from '../../format.ts';
import { ErrorNotice, Loading } from '../ErrorNotice.tsx';
import { AddGuardianForm, ContactForm, EndGuardianLinkForm, GuardianDetailsForm, GuardianRightsForm, RemoveContactForm } from './FamilyForms.tsx';

type Open =
  | { form: 'add-guardian' | 'add-contact' }
  | { form: 'details' | 'rights' | 'end'; guardianId: number }
  | { form: 'contact' | 'remove-contact'; contactId: number };

const fullName = (name: { first: string; last: string }) => `${name.first} ${name.last}`;
const nextOrder = (items: Array<{ contactOrder: number }>) => Math.min(99, Math.max(0, ...items.map((i) => i.contactOrder)) + 1);

/**
 * A student's parents, guardians and emergency contacts, as staff see them: who may pick the
 * student up, who holds educational rights, and who a court order keeps away, flagged so that
 * no one at the front desk misses it. The office of the student's school changes them here.
 */
export function FamilyPanel({ studentId }: { studentId: number }) {
  const ids = useId();
  const [open, setOpen] = useState<Open | null>(null);
  const [saved, setSaved] = useState('');
  const family = useQuery({ queryKey: ['family', studentId], queryFn: ({ signal }) => apiGet<StudentFamily>(`/api/students/${studentId}/family`, signal) });
  const done = (message: string) => {
    setOpen(null);
    setSaved(message);
  };
  const data = family.data;
  const mayChange = data?.mayChange ?? false;
  const guardianOf = (id: number) => data?.guardians.find((g) => g.guardian.id === id);
  const contactOf = (id: number) => data?.contacts.find((c) => c.id === id);
  const form = (() => {
    if (!open || !data) return null;
    if (open.form === 'add-guardian') return <AddGuardianForm studentId={studentId} nextOrder={nextOrder(data.guardians.map((g) => g.link))} onDone={done} />;
    if (open.form === 'add-contact') return <ContactForm studentId={studentId} contact={null} nextOrder={nextOrder(data.contacts)} onDone={done} />;
    if ('guardianId' in open) {
      const guardian = guardianOf(open.guardianId);
      if (!guardian) return null;
      if (open.form === 'details') return <GuardianDetailsForm studentId={studentId} guardian={guardian} onDone={done} />;
      if (open.form === 'rights') return <GuardianRightsForm studentId={studentId} guardian={guardian} onDone={done} />;
      return <EndGuardianLinkForm studentId={studentId} guardian={guardian} onDone={done} />;
    }
    if (!('contactId' in open)) return null;
    const contact = contactOf(open.contactId);
    if (!contact) return null;
    return open.form === 'contact' ? <ContactForm studentId={studentId} contact={contact} nextOrder={contact.contactOrder} onDone={done} /> : <RemoveContactForm studentId={studentId} contact={contact} onDone={done} />;
  })();

  return (
    <section aria-labelledby={`${ids}-family`}>
      <h2 id={`${ids}-family`}>Family and emergency contacts</h2>
      {family.isPending ? <Loading what="the student’s family" /> : null}
      {family.error ? <ErrorNotice error={family.error} onRetry={() => void family.refetch()} /> : null}
      {saved && !open ? (
        <p className="notice notice-ok" role="status">
          {saved}
        </p>
      ) : null}
      {form}
      {data && !open && mayChange ? (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setOpen({ form: 'add-guardian' })}>
            Add a guardian
          </button>
          <button type="button" className="secondary" onClick={() => setOpen({ form: 'add-contact' })}>
            Add an emergency contact
          </button>
        </div>
      ) : null}
      {data ? (
        <>
          <h3>Parents and guardians</h3>
          {data.guardians.length === 0 ? (
            <p>No parents or guardians recorded.</p>
          ) : (
            <ul className="cards">
              {data.guardians.map((g) => (
                <GuardianCard key={g.guardian.id} guardian={g} mayChange={mayChange && !open} onOpen={(form) => setOpen({ form, guardianId: g.guardian.id })} />
              ))}
            </ul>
          )}
          <h3>Emergency contacts who are not guardians</h3>
          {data.contacts.length === 0 ? <p>No other emergency contacts recorded.</p> : <ContactsTable contacts={data.contacts} mayChange={mayChange && !open} onOpen={(form, contactId) => setOpen({ form, contactId })} />}
        </>
      ) : null}
    </section>
  );
}

function GuardianCard({ guardian, mayChange, onOpen }: { guardian: StudentGuardian; mayChange: boolean; onOpen: (form: 'details' | 'rights' | 'end') => void }) {
  const { guardian: g, link } = guardian;
  const name = fullName(g.name);
  const order = link.courtOrder;
  return (
    <li className={link.accessRestricted ? 'restricted' : undefined}>
      <p className="card-title">
        {name} <span className="muted">({link.relationship})</span>
      </p>
      {link.accessRestricted ? <p className="flag">Access restricted by court order: do not release information or the student to {name}.</p> : null}
      <p className={link.mayPickUp ? undefined : 'flag'}>{link.mayPickUp ? 'May pick up the student' : 'May not pick up the student'}</p>
      {order ? (
        <div className="hint">
          <p>
            Court order on file{order.issued ? `, issued ${formatDay(order.issued)}` : ''}
            {order.expires ? `, ${order.expires < todayIso() ? 'expired' : 'expires'} ${formatDay(order.expires)}` : ''}: {order.note ?? 'no note'}
          </p>
          {order.expires && order.expires < todayIso() && link.accessRestricted ? <p className="flag">The order’s end date has passed: verify it before lifting the restriction.</p> : null}
        </div>
      ) : null}
      <GuardianFacts {...g} {...link} emergency={link.emergencyContact ? `Yes, called ${ordinal(link.contactOrder)}` : 'No'} />
      {mayChange ? (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => onOpen('rights')}>
            Change rights of {name}
          </button>
          <button type="button" className="secondary" onClick={() => onOpen('details')}>
            Change details of {name}
          </button>
          <button type="button" className="secondary" onClick={() => onOpen('end')}>
            End link to {name}
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** How to reach a guardian and what they are to the student: on the staff's family panel and on the profile a guardian or student sees. */
export function GuardianFacts(g: { phone: string | null; email: string | null; preferredLanguage: string | null; livesWith: boolean | null; custody: boolean | null; educationalRights: boolean | null; emergency: string }) {
  return (
    <dl className="facts compact">
      <dt>Phone</dt>
      <dd>{g.phone ?? '—'}</dd>
      <dt>Email</dt>
      <dd>{g.email ?? '—'}</dd>
      <dt>Language</dt>
      <dd>{g.preferredLanguage ?? '—'}</dd>
      <dt>Lives with student</dt>
      <dd>{yesNo(g.livesWith)}</dd>
      <dt>Custody</dt>
      <dd>{yesNo(g.custody)}</dd>
      <dt>Educational rights</dt>
      <dd>{yesNo(g.educationalRights)}</dd>
      <dt>Emergency contact</dt>
      <dd>{g.emergency}</dd>
    </dl>
  );
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function ContactsTable({ contacts, mayChange, onOpen }: { contacts: StudentContact[]; mayChange: boolean; onOpen: (form: 'contact' | 'remove-contact', contactId: number) => void }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Emergency contacts, in the order they are called</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Name</th>
            <th scope="col">Relationship</th>
            <th scope="col">Phone</th>
            <th scope="col">Other phone</th>
            <th scope="col">May pick up</th>
            {mayChange ? <th scope="col">Change</th> : null}
          </tr>
        </thead>
        <tbody>
          {contacts.map((c) => (
            <tr key={c.id}>
              <td>{c.contactOrder}</td>
              <th scope="row">{fullName(c.name)}</th>
              <td>{c.relationship}</td>
              <td>{c.phone}</td>
              <td>{c.alternatePhone ?? '—'}</td>
              <td>{yesNo(c.mayPickUp)}</td>
              {mayChange ? (
                <td>
                  <button type="button" className="secondary" onClick={() => onOpen('contact', c.id)}>
                    Change {fullName(c.name)}
                  </button>{' '}
                  <button type="button" className="secondary" onClick={() => onOpen('remove-contact', c.id)}>
                    Remove {fullName(c.name)}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
