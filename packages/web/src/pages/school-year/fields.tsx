import { ApiProblem } from '../../api/client.ts';

/**
 * The fields a refusal names (a validation failure's errors, or a refusal's one field), by the
 * server's name for them ("body.terms.0.startDate"), so each message shows beside its input.
 */
export function refusedFields(error: unknown): Record<string, string> {
  if (!(error instanceof ApiProblem)) return {};
  const out: Record<string, string> = {};
  for (const e of error.problem.errors ?? []) out[e.field] = e.message;
  if (typeof error.problem.field === 'string') out[error.problem.field] = error.problem.detail ?? error.problem.title;
  return out;
}

/** A labelled input whose refusal, when there is one, is read out with it. */
export function Field({ id, label, error, ...input }: { id: string; label: string; error?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {label}: {error}
        </p>
      ) : null}
    </div>
  );
}
