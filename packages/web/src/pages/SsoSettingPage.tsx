import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { apiRequest } from '../api/client.ts';
import type { SsoSetting } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { Field, fieldErrorsOf, PanelForm } from '../components/EnrollmentForms.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

const QUERY_KEY = ['district', 'sso-setting'] as const;

/**
 * Which claim of the district's sign-in service links a person's district account to their
 * Homeroom account at their first sign-in. Only a claim the district's directory fills (the
 * employee or student number), never one a person can change, such as their e-mail.
 */
export function SsoSettingPage() {
  usePageTitle('Sign-in settings');
  const ids = useId();
  const client = useQueryClient();
  const setting = useQuery({ queryKey: QUERY_KEY, queryFn: async ({ signal }) => (await apiRequest<SsoSetting>('/api/district/sso-setting', { signal })).data });
  const [draft, setDraft] = useState({ employeeIdClaim: '', studentIdClaim: '' });
  const [saved, setSaved] = useState('');
  useEffect(() => {
    if (setting.data) setDraft({ employeeIdClaim: setting.data.employeeIdClaim ?? '', studentIdClaim: setting.data.studentIdClaim ?? '' });
  }, [setting.data]);
  const save = useMutation({
    mutationFn: () =>
      apiRequest<SsoSetting>('/api/district/sso-setting', {
        method: 'PUT',
        headers: { 'if-match': `"${setting.data?.version ?? 0}"` },
        body: { employeeIdClaim: draft.employeeIdClaim.trim() || null, studentIdClaim: draft.studentIdClaim.trim() || null },
      }),
    onSuccess: async () => {
      setSaved('Saved. People not linked yet are linked by these claims at their next sign-in; accounts already linked stay linked.');
      await client.invalidateQueries({ queryKey: QUERY_KEY });
    },
  });
  const errors = fieldErrorsOf(save.error);
  if (setting.isPending) return <Loading what="the sign-in settings" />;
  if (setting.error) return <ErrorNotice error={setting.error} onRetry={() => void setting.refetch()} />;
  const s = setting.data;
  return (
    <>
      <h1>Sign-in settings</h1>
      <p className="lead">
        When a person first signs in with their district account, Homeroom links it to their Homeroom account by a claim of the sign-in service that carries their employee or student number. After that it is linked for good, and never to
        another district account.
      </p>
      {s.ssoEnabled ? null : <p className="notice">Single sign-on is not set up on this server (the OIDC_* settings): these claims apply once it is.</p>}
      <p>
        {s.saved
          ? `Saved by ${s.updatedBy ?? 'an administrator'}${s.updatedAt ? ` on ${new Date(s.updatedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}` : ''}.`
          : `Not saved yet: the server's settings apply (employee number: ${s.fromEnvironment.employeeIdClaim ?? 'none'}; student number: ${s.fromEnvironment.studentIdClaim ?? 'none'}).`}
      </p>
      {saved ? (
        <p className="notice notice-ok" role="status">
          {saved}
        </p>
      ) : null}
      <PanelForm title="Claims that link accounts" heading="h2" onSubmit={() => save.mutate()}>
        {save.error ? <ErrorNotice error={save.error} /> : null}
        <Field id={`${ids}-employee`} label="Claim with the employee number (staff)" error={errors.employeeIdClaim} hint="For example employee_id. Leave empty to link no staff by a claim. Not email, name or preferred_username: a person can change those.">
          {(d) => <input id={`${ids}-employee`} autoComplete="off" maxLength={100} value={draft.employeeIdClaim} onChange={(e) => setDraft({ ...draft, employeeIdClaim: e.target.value })} {...d} />}
        </Field>
        <Field id={`${ids}-student`} label="Claim with the student number (students)" error={errors.studentIdClaim} hint="For example student_number. Leave empty to link no students by a claim.">
          {(d) => <input id={`${ids}-student`} autoComplete="off" maxLength={100} value={draft.studentIdClaim} onChange={(e) => setDraft({ ...draft, studentIdClaim: e.target.value })} {...d} />}
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </PanelForm>
    </>
  );
}
