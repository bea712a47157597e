import { useQueryClient, useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../api/client.ts';

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
