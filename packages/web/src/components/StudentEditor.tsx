import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiRequest } from '../api/client.ts';
import type { StudentProfile } from '../api/types.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

/**
 * The parts of a record a school office keeps. The edit carries the version that was on screen
 * (If-Match), so a change someone else saved in between is never overwritten: the server refuses
 * and the person is told to reload and look.
 */
export function StudentEditor({ student, onDone }: { student: StudentProfile; onDone: (message: string) => void }) {
  const client = useQueryClient();
  const ids = useId();
  const [preferredName, setPreferredName] = useState(student.name.preferred ?? '');
  const [homeLanguage, setHomeLanguage] = useState(student.homeLanguage ?? '');
  const [directoryOptOut, setDirectoryOptOut] = useState(student.directoryOptOut);
  const [reason, setReason] = useState('');
  const changes = {
    ...((preferredName.trim() || null) !== (student.name.preferred ?? null) ? { preferredName: preferredName.trim() || null } : {}),
    ...(homeLanguage.trim() && homeLanguage.trim() !== student.homeLanguage ? { homeLanguage: homeLanguage.trim() } : {}),
    ...(directoryOptOut !== student.directoryOptOut ? { directoryOptOut } : {}),
  };
  const changed = Object.keys(changes).length > 0;
  const save = useMutation({
    mutationFn: () => apiRequest<{ version: number }>(`/api/students/${student.id}`, { method: 'PATCH', body: { ...changes, reason: reason.trim() }, headers: { 'if-match': `"${student.version}"` } }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['student', student.id] });
      onDone('Saved. The change and your reason are in the record’s history.');
    },
  });
  const stale = save.error && 'status' in save.error && (save.error as { status: number }).status === 412;
  return (
    <form
      className="panel editor"
      aria-labelledby={`${ids}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        if (changed) save.mutate();
      }}
    >
      <h3 id={`${ids}-title`}>Change this record</h3>
      {save.error ? (
        <ErrorNotice error={save.error}>
          {stale ? (
            <button type="button" onClick={() => void client.invalidateQueries({ queryKey: ['student', student.id] }).then(() => onDone('Reloaded with the latest changes. Make yours again if they are still needed.'))}>
              Reload the student
            </button>
          ) : null}
        </ErrorNotice>
      ) : null}
      <label htmlFor={`${ids}-preferred`}>Preferred name</label>
      <input id={`${ids}-preferred`} value={preferredName} maxLength={100} onChange={(e) => setPreferredName(e.target.value)} />
      <label htmlFor={`${ids}-language`}>Home language</label>
      <input id={`${ids}-language`} value={homeLanguage} maxLength={40} onChange={(e) => setHomeLanguage(e.target.value)} />
      <div className="checkbox">
        <input id={`${ids}-optout`} type="checkbox" checked={directoryOptOut} onChange={(e) => setDirectoryOptOut(e.target.checked)} />
        <label htmlFor={`${ids}-optout`}>Directory opt-out (the family asked that directory information not be shared)</label>
      </div>
      <label htmlFor={`${ids}-reason`}>Reason for the change</label>
      <input id={`${ids}-reason`} required minLength={3} maxLength={500} value={reason} aria-describedby={`${ids}-reason-hint`} onChange={(e) => setReason(e.target.value)} />
      <p id={`${ids}-reason-hint`} className="hint">
        For example "parent asked at the front office". It is kept with the change.
      </p>
      <div className="actions">
        <button type="submit" className="primary" disabled={!changed || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="secondary" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}
