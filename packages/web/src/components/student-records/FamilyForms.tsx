import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiProblem, apiGet, apiRequest } from '../../api/client.ts';
import type { GuardianMatch, GuardianMatches, StudentContact, StudentGuardian } from '../../api/types.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { Field, fieldErrorsOf, FormShell, ReasonField, withReason } from '../EnrollmentForms.tsx';

// The school office's forms for a student's family: add a guardian (new, or one the district
// has), change a guardian's details or rights, end a link, and keep emergency contacts. Every
// edit carries the version the office saw (If-Match); the server checks every field.

type Errors = Record<string, string>;
const fullName = (name: { first: string; last: string }) => `${name.first} ${name.last}`;

/** Saves a change to the family, then reloads the family and the profile (its guardians). */
function useFamilyChange<T>(studentId: number, onSaved: (data: T) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ method, path, body, version }: { method: 'POST' | 'PUT' | 'DELETE'; path: string; body?: object; version?: number }) =>
      apiRequest<T>(`/api/students/${studentId}${path}`, { method, body, headers: version === undefined ? {} : { 'if-match': `"${version}"` } }),
    onSuccess: async ({ data }) => {
      await Promise.all([client.invalidateQueries({ queryKey: ['family', studentId] }), client.invalidateQueries({ queryKey: ['student', studentId] })]);
      onSaved(data);
    },
  });
}

function TextField({ label, value, onChange, error, hint, type = 'text', required = false, maxLength = 60 }: { label: string; value: string; onChange: (value: string) => void; error?: string; hint?: string; type?: 'text' | 'email' | 'tel' | 'date' | 'number'; required?: boolean; maxLength?: number }) {
  const id = useId();
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      {(described) => <input id={id} type={type} required={required} maxLength={type === 'date' || type === 'number' ? undefined : maxLength} value={value} onChange={(e) => onChange(e.target.value)} {...described} />}
    </Field>
  );
}

function CheckboxField({ label, checked, onChange, disabled = false, hint }: { label: string; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean; hint?: string }) {
  const id = useId();
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>
        {label}
        {hint ? (
          <span id={`${id}-hint`} className="hint">
            {' '}
            ({hint})
          </span>
        ) : null}
      </label>
    </div>
  );
}

// ---- A guardian's details ----

interface DetailsDraft {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  preferredLanguage: string;
}
const emptyDetails: DetailsDraft = { firstName: '', lastName: '', email: '', phone: '', preferredLanguage: '' };
const detailsBody = (d: DetailsDraft) => ({
  firstName: d.firstName, lastName: d.lastName, email: d.email.trim() || null, phone: d.phone.trim() || null,
  ...(d.preferredLanguage.trim() ? { preferredLanguage: d.preferredLanguage.trim() } : {}),
});

function DetailsFields({ draft, onChange, errors, prefix = '' }: { draft: DetailsDraft; onChange: (draft: DetailsDraft) => void; errors: Errors; prefix?: string }) {
  const set = (key: keyof DetailsDraft) => (value: string) => onChange({ ...draft, [key]: value });
  return (
    <>
      <TextField label="First name" value={draft.firstName} onChange={set('firstName')} error={errors[`${prefix}firstName`]} required />
      <TextField label="Last name" value={draft.lastName} onChange={set('lastName')} error={errors[`${prefix}lastName`]} required />
      <TextField label="Phone" type="tel" value={draft.phone} onChange={set('phone')} error={errors[`${prefix}phone`]} maxLength={40} />
      <TextField label="Email" type="email" value={draft.email} onChange={set('email')} error={errors[`${prefix}email`]} maxLength={120} />
      <TextField label="Preferred language" value={draft.preferredLanguage} onChange={set('preferredLanguage')} error={errors[`${prefix}preferredLanguage`]} hint="For letters and calls home; English when left empty." maxLength={40} />
    </>
  );
}

// ---- A link's relationship and rights ----

interface RightsDraft {
  relationship: string;
  livesWith: boolean;
  custody: boolean;
  educationalRights: boolean;
  accessRestricted: boolean;
  mayPickUp: boolean;
  emergencyContact: boolean;
  contactOrder: string;
  courtNote: string;
  courtIssued: string;
  courtExpires: string;
}

const newRights = (order: number): RightsDraft => ({
  relationship: '', livesWith: true, custody: true, educationalRights: true, accessRestricted: false, mayPickUp: true, emergencyContact: true,
  contactOrder: String(order), courtNote: '', courtIssued: '', courtExpires: '',
});

const rightsOf = ({ link }: StudentGuardian): RightsDraft => ({
  relationship: link.relationship, livesWith: link.livesWith, custody: link.custody, educationalRights: link.educationalRights, accessRestricted: link.accessRestricted,
  mayPickUp: link.mayPickUp, emergencyContact: link.emergencyContact, contactOrder: String(link.contactOrder),
  courtNote: link.courtOrder?.note ?? '', courtIssued: link.courtOrder?.issued ?? '', courtExpires: link.courtOrder?.expires ?? '',
});

const rightsBody = (r: RightsDraft) => {
  const order = { note: r.courtNote.trim() || null, issued: r.courtIssued || null, expires: r.courtExpires || null };
  return {
    relationship: r.relationship, livesWith: r.livesWith, custody: r.custody, educationalRights: r.educationalRights, accessRestricted: r.accessRestricted,
    mayPickUp: r.mayPickUp && !r.accessRestricted, emergencyContact: r.emergencyContact, contactOrder: Number(r.contactOrder),
    courtOrder: order.note || order.issued || order.expires ? order : null,
  };
};

function RightsFields({ draft, onChange, errors }: { draft: RightsDraft; onChange: (draft: RightsDraft) => void; errors: Errors }) {
  const ids = useId();
  const set = <K extends keyof RightsDraft>(key: K) => (value: RightsDraft[K]) => onChange({ ...draft, [key]: value });
  return (
    <>
      <TextField label="Relationship to the student" value={draft.relationship} onChange={set('relationship')} error={errors.relationship} hint="Mother, father, grandparent, foster parent, …" maxLength={40} required />
      <fieldset>
        <legend>Rights</legend>
        <CheckboxField label="Lives with the student" checked={draft.livesWith} onChange={set('livesWith')} />
        <CheckboxField label="Has custody" checked={draft.custody} onChange={set('custody')} />
        <CheckboxField label="Educational rights" checked={draft.educationalRights} onChange={set('educationalRights')} hint="may see the record and decide on the student’s education" />
        <CheckboxField label="May pick up the student" checked={draft.mayPickUp && !draft.accessRestricted} disabled={draft.accessRestricted} onChange={set('mayPickUp')} hint={draft.accessRestricted ? 'never while access is restricted' : undefined} />
        <CheckboxField label="Emergency contact" checked={draft.emergencyContact} onChange={set('emergencyContact')} />
        {errors.mayPickUp ? <p className="field-error">May pick up the student: {errors.mayPickUp}</p> : null}
      </fieldset>
      <fieldset>
        <legend>Court order</legend>
        <CheckboxField
          label="Access restricted by a court order or custody arrangement"
          checked={draft.accessRestricted}
          onChange={(restricted) => onChange({ ...draft, accessRestricted: restricted, mayPickUp: restricted ? false : draft.mayPickUp })}
          hint="the guardian loses the record at once, and the office must not release the student to them"
        />
        <Field id={`${ids}-court-note`} label="The order on file" error={errors['courtOrder.note']} hint="Case number, court, what it says.">
          {(described) => <textarea id={`${ids}-court-note`} rows={2} maxLength={500} value={draft.courtNote} onChange={(e) => set('courtNote')(e.target.value)} {...described} />}
        </Field>
        <TextField label="Issued on" type="date" value={draft.courtIssued} onChange={set('courtIssued')} error={errors['courtOrder.issued']} />
        <TextField label="Expires on" type="date" value={draft.courtExpires} onChange={set('courtExpires')} error={errors['courtOrder.expires']} hint="For the office’s review: the restriction stays until the office lifts it." />
      </fieldset>
      <TextField label="Contact order" type="number" value={draft.contactOrder} onChange={set('contactOrder')} error={errors.contactOrder} hint="1 is called first." />
    </>
  );
}

const reload = (client: ReturnType<typeof useQueryClient>, studentId: number, onDone: (message: string) => void) => () =>
  void client.invalidateQueries({ queryKey: ['family', studentId] }).then(() => onDone(''));

// ---- Adding a guardian ----

function Matches({ matches, chosen, onChoose, legend }: { matches: GuardianMatch[]; chosen: number | null; onChoose: (id: number) => void; legend: string }) {
  const ids = useId();
  if (matches.length === 0) return <p role="status">No guardian found.</p>;
  return (
    <fieldset>
      <legend>{legend}</legend>
      {matches.map((m) => (
        <div className="checkbox" key={m.id}>
          <input id={`${ids}-${m.id}`} type="radio" name={`${ids}-match`} checked={chosen === m.id} disabled={m.alreadyLinked} onChange={() => onChoose(m.id)} />
          <label htmlFor={`${ids}-${m.id}`}>
            {fullName(m.name)}
            <span className="muted">
              {' '}
              {[m.phone, m.email].filter(Boolean).join(', ')}
              {m.students.length ? `; guardian of ${m.students.map((s) => fullName(s.name)).join(', ')}` : ''}
              {m.otherStudents ? `${m.students.length ? ' and' : '; guardian of'} ${m.otherStudents} other ${m.otherStudents === 1 ? 'student' : 'students'}` : ''}
              {m.alreadyLinked ? ' (already linked)' : ''}
            </span>
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function AddGuardianForm({ studentId, nextOrder, onDone }: { studentId: number; nextOrder: number; onDone: (message: string) => void }) {
  const ids = useId();
  const client = useQueryClient();
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [details, setDetails] = useState<DetailsDraft>(emptyDetails);
  const [rights, setRights] = useState<RightsDraft>(newRights(nextOrder));
  const [search, setSearch] = useState('');
  const [matches, setMatches] = useState<GuardianMatch[] | null>(null);
  const [searchError, setSearchError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const save = useFamilyChange<StudentGuardian>(studentId, (added) => onDone(`${fullName(added.guardian.name)} added as ${added.link.relationship}.`));
  const errors = fieldErrorsOf(save.error);
  const candidates = save.error instanceof ApiProblem && save.error.code === 'possible-duplicate-guardian' ? ((save.error.problem.candidates as GuardianMatch[] | undefined) ?? []) : [];
  const submit = (notDuplicateOf: number[] = []) => {
    const body = mode === 'new' ? { guardian: detailsBody(details), ...rightsBody(rights), notDuplicateOf } : { ...(chosen === null ? {} : { guardianId: chosen }), ...rightsBody(rights) };
    save.mutate({ method: 'POST', path: '/guardians', body });
  };
  const find = async () => {
    setSearchError(null);
    try {
      setMatches((await apiGet<GuardianMatches>(`/api/students/${studentId}/guardian-matches?lastName=${encodeURIComponent(search.trim())}`)).items);
    } catch (error) {
      setSearchError(error);
    }
  };
  return (
    <FormShell title="Add a guardian" error={save.error} onReload={reload(client, studentId, onDone)} onSubmit={() => submit()} pending={save.isPending} submit={mode === 'new' ? 'Add the guardian' : 'Link the guardian'} onCancel={() => onDone('')}>
      {candidates.length ? (
        <div className="notice">
          <Matches matches={candidates} chosen={chosen} legend="Guardians the district already has with this name and phone or email" onChoose={(id) => { setMode('existing'); setMatches(candidates); setChosen(id); }} />
          <p className="hint">Choose one to link it, then save; or, if they are other people, add a new guardian anyway.</p>
          <button type="button" className="secondary" onClick={() => submit(candidates.map((c) => c.id))}>
            They are other people: add {details.firstName} {details.lastName} anyway
          </button>
        </div>
      ) : null}
      <fieldset>
        <legend>Who is the guardian?</legend>
        <div className="checkbox">
          <input id={`${ids}-new`} type="radio" name={`${ids}-mode`} checked={mode === 'new'} onChange={() => setMode('new')} />
          <label htmlFor={`${ids}-new`}>Someone new to the district</label>
        </div>
        <div className="checkbox">
          <input id={`${ids}-existing`} type="radio" name={`${ids}-mode`} checked={mode === 'existing'} onChange={() => setMode('existing')} />
          <label htmlFor={`${ids}-existing`}>A guardian the district already has (a brother’s or sister’s parent)</label>
        </div>
      </fieldset>
      {mode === 'new' ? (
        <DetailsFields draft={details} onChange={setDetails} errors={errors} prefix="guardian." />
      ) : (
        <>
          <Field id={`${ids}-search`} label="Guardian’s last name" error={errors.guardianId} hint="The beginning of the name is enough.">
            {(described) => <input id={`${ids}-search`} maxLength={60} value={search} onChange={(e) => setSearch(e.target.value)} {...described} />}
          </Field>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => void find()} disabled={search.trim().length < 2}>
              Find the guardian
            </button>
          </div>
          {searchError ? <ErrorNotice error={searchError} /> : null}
          {matches ? <Matches matches={matches} chosen={chosen} onChoose={setChosen} legend="Guardians found" /> : null}
        </>
      )}
      <RightsFields draft={rights} onChange={setRights} errors={errors} />
    </FormShell>
  );
}

// ---- Changing a guardian ----

export function GuardianDetailsForm({ studentId, guardian, onDone }: { studentId: number; guardian: StudentGuardian; onDone: (message: string) => void }) {
  const client = useQueryClient();
  const g = guardian.guardian;
  const [draft, setDraft] = useState<DetailsDraft>({ firstName: g.name.first, lastName: g.name.last, email: g.email ?? '', phone: g.phone ?? '', preferredLanguage: g.preferredLanguage });
  const save = useFamilyChange<StudentGuardian>(studentId, (saved) => onDone(`${fullName(saved.guardian.name)}’s details saved.`));
  return (
    <FormShell title={`Change ${fullName(g.name)}’s details`} error={save.error} onReload={reload(client, studentId, onDone)} onSubmit={() => save.mutate({ method: 'PUT', path: `/guardians/${g.id}/details`, body: detailsBody(draft), version: g.version })} pending={save.isPending} submit="Save the details" onCancel={() => onDone('')}>
      {g.otherStudents > 0 ? <p className="hint">{g.name.first} is a guardian of {g.otherStudents === 1 ? 'another student' : `${g.otherStudents} other students`} too: the change shows on their records as well.</p> : null}
      <DetailsFields draft={draft} onChange={setDraft} errors={fieldErrorsOf(save.error)} />
    </FormShell>
  );
}

export function GuardianRightsForm({ studentId, guardian, onDone }: { studentId: number; guardian: StudentGuardian; onDone: (message: string) => void }) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<RightsDraft>(rightsOf(guardian));
  const name = fullName(guardian.guardian.name);
  const save = useFamilyChange<StudentGuardian>(studentId, (saved) => onDone(`${name}’s rights saved${saved.link.accessRestricted ? ': access restricted' : ''}.`));
  return (
    <FormShell title={`Change ${name}’s relationship and rights`} error={save.error} onReload={reload(client, studentId, onDone)} onSubmit={() => save.mutate({ method: 'PUT', path: `/guardians/${guardian.guardian.id}`, body: rightsBody(draft), version: guardian.link.version })} pending={save.isPending} submit="Save the rights" onCancel={() => onDone('')}>
      <RightsFields draft={draft} onChange={setDraft} errors={fieldErrorsOf(save.error)} />
    </FormShell>
  );
}

export function EndGuardianLinkForm({ studentId, guardian, onDone }: { studentId: number; guardian: StudentGuardian; onDone: (message: string) => void }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const name = fullName(guardian.guardian.name);
  const save = useFamilyChange<object>(studentId, () => onDone(`${name} is no longer linked to the student; the student’s history keeps the link.`));
  const query = withReason(reason).reason ? `?reason=${encodeURIComponent(reason.trim())}` : '';
  return (
    <FormShell title={`End ${name}’s link to the student`} error={save.error} onReload={reload(client, studentId, onDone)} onSubmit={() => save.mutate({ method: 'DELETE', path: `/guardians/${guardian.guardian.id}${query}`, version: guardian.link.version })} pending={save.isPending} submit="End the link" onCancel={() => onDone('')}>
      <p>
        {name} will no longer be a guardian of this student{guardian.guardian.otherStudents > 0 ? `; they stay the guardian of their ${guardian.guardian.otherStudents === 1 ? 'other student' : `${guardian.guardian.otherStudents} other students`}` : ''}. To keep {guardian.guardian.name.first} from the student, restrict their access instead.
      </p>
      <ReasonField reason={reason} onChange={setReason} />
    </FormShell>
  );
}

// ---- Emergency contacts ----

interface ContactDraft {
  firstName: string;
  lastName: string;
  relationship: string;
  phone: string;
  alternatePhone: string;
  contactOrder: string;
  mayPickUp: boolean;
}

export function ContactForm({ studentId, contact, nextOrder, onDone }: { studentId: number; contact: StudentContact | null; nextOrder: number; onDone: (message: string) => void }) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<ContactDraft>(
    contact
      ? { firstName: contact.name.first, lastName: contact.name.last, relationship: contact.relationship, phone: contact.phone, alternatePhone: contact.alternatePhone ?? '', contactOrder: String(contact.contactOrder), mayPickUp: contact.mayPickUp }
      : { firstName: '', lastName: '', relationship: '', phone: '', alternatePhone: '', contactOrder: String(nextOrder), mayPickUp: false },
  );
  const save = useFamilyChange<StudentContact>(studentId, (saved) => onDone(`${fullName(saved.name)} ${contact ? 'saved' : 'added as an emergency contact'}.`));
  const errors = fieldErrorsOf(save.error);
  const set = <K extends keyof ContactDraft>(key: K) => (value: ContactDraft[K]) => setDraft({ ...draft, [key]: value });
  const body = { ...draft, alternatePhone: draft.alternatePhone.trim() || null, contactOrder: Number(draft.contactOrder) };
  return (
    <FormShell
      title={contact ? `Change ${fullName(contact.name)}` : 'Add an emergency contact'}
      error={save.error}
      onReload={reload(client, studentId, onDone)}
      onSubmit={() => save.mutate(contact ? { method: 'PUT', path: `/contacts/${contact.id}`, body, version: contact.version } : { method: 'POST', path: '/contacts', body })}
      pending={save.isPending}
      submit={contact ? 'Save the contact' : 'Add the contact'}
      onCancel={() => onDone('')}
    >
      <TextField label="First name" value={draft.firstName} onChange={set('firstName')} error={errors.firstName} required />
      <TextField label="Last name" value={draft.lastName} onChange={set('lastName')} error={errors.lastName} required />
      <TextField label="Relationship to the student" value={draft.relationship} onChange={set('relationship')} error={errors.relationship} hint="Aunt, neighbor, family friend, …" maxLength={40} required />
      <TextField label="Phone" type="tel" value={draft.phone} onChange={set('phone')} error={errors.phone} maxLength={40} required />
      <TextField label="Other phone" type="tel" value={draft.alternatePhone} onChange={set('alternatePhone')} error={errors.alternatePhone} maxLength={40} />
      <TextField label="Contact order" type="number" value={draft.contactOrder} onChange={set('contactOrder')} error={errors.contactOrder} hint="Called after the guardians, 1 first." />
      <CheckboxField label="May pick up the student" checked={draft.mayPickUp} onChange={set('mayPickUp')} />
    </FormShell>
  );
}

export function RemoveContactForm({ studentId, contact, onDone }: { studentId: number; contact: StudentContact; onDone: (message: string) => void }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const name = fullName(contact.name);
  const save = useFamilyChange<object>(studentId, () => onDone(`${name} is no longer an emergency contact.`));
  const query = withReason(reason).reason ? `?reason=${encodeURIComponent(reason.trim())}` : '';
  return (
    <FormShell title={`Remove ${name}`} error={save.error} onReload={reload(client, studentId, onDone)} onSubmit={() => save.mutate({ method: 'DELETE', path: `/contacts/${contact.id}${query}`, version: contact.version })} pending={save.isPending} submit="Remove the contact" onCancel={() => onDone('')}>
      <p>{name} will no longer be called in an emergency nor allowed to pick the student up. The student’s history keeps them.</p>
      <ReasonField reason={reason} onChange={setReason} />
    </FormShell>
  );
}
