import { useQueryClient, useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { apiRequest } from '../../api/client.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/** A labelled select whose refusal, when there is one, is read out with it. */
export function SelectField({ id, label, error, options, ...select }: { id: string; label: string; error?: string; options: Array<{ value: string; label: string }> } & React.SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {label}: {error}
        </p>
      ) : null}
    </div>
  );
}

export function CheckboxField({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/**
 * Saves a setup record: a new one with POST, a known one with PUT (or DELETE) against the version
 * the person saw (If-Match), then refreshes the lists it changes.
 */
export function useSetupSave<T>(refresh: string[], onSaved: (saved: T) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ method, path, body, version }: { method: 'POST' | 'PUT' | 'DELETE'; path: string; body?: unknown; version?: number }) =>
      (await apiRequest<T>(path, { method, body, headers: version !== undefined ? { 'if-match': `"${version}"` } : {} })).data,
    onSuccess: async (saved) => {
      onSaved(saved);
      await Promise.all(refresh.map((key) => client.invalidateQueries({ queryKey: [key] })));
    },
  });
}

export const options = (list: ReadonlyArray<readonly [string, string]>) => list.map(([value, label]) => ({ value, label }));

/**
 * A setup form: its heading names it (and it is a form landmark by that name), the server's
 * refusal comes first, and it ends with the save button and, when editing, Cancel.
 */
export function SetupForm({ title, error, pending, submit, onSubmit, onCancel, disabled = false, children }: {
  title: string; error: unknown; pending: boolean; submit: string; onSubmit: () => void; onCancel?: () => void; disabled?: boolean; children: React.ReactNode;
}) {
  const id = useId();
  return (
    <form
      className="panel"
      aria-labelledby={id}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h3 id={id}>{title}</h3>
      {error ? <ErrorNotice error={error} /> : null}
      {children}
      <p>
        <button type="submit" className="primary" disabled={pending || disabled}>
          {pending ? 'Saving…' : submit}
        </button>
        {onCancel ? (
          <>
            {' '}
            <button type="button" className="secondary" onClick={onCancel}>
              Cancel
            </button>
          </>
        ) : null}
      </p>
    </form>
  );
}
