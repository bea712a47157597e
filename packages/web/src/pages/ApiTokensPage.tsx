import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet, apiSend } from '../api/client.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

interface ApiTokenList {
  scopes: Array<{ name: string; description: string }>;
  tokens: Array<{ id: number; name: string; scopes: string[]; createdBy: { id: number; username: string | null } | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null; expiresAt: string; issuerDisabled: boolean }>;
}

/** How long a new token works: the server's default is 90 days, at most 366. */
const LIFETIMES = [30, 90, 180, 365];

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '—');

/**
 * API tokens for the district's integrations (a library or lunch system reading rosters): issued
 * with only the scopes the integration needs, the secret shown once, revoked when it is no longer
 * used or may have leaked.
 */
export function ApiTokensPage() {
  usePageTitle('API tokens');
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['api-tokens'], queryFn: ({ signal }) => apiGet<ApiTokenList>('/api/admin/api-tokens', signal) });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [days, setDays] = useState(90);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [revoked, setRevoked] = useState('');
  const issue = useMutation({
    mutationFn: () => apiSend<{ id: number; name: string; scopes: string[]; expiresAt: string; token: string }>('POST', '/api/admin/api-tokens', { name: name.trim(), scopes, expiresInDays: days }),
    onSuccess: async () => {
      setName('');
      setScopes([]);
      setRevoked('');
      await client.invalidateQueries({ queryKey: ['api-tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (token: { id: number; name: string }) => apiSend<null>('DELETE', `/api/admin/api-tokens/${token.id}`).then(() => token),
    onSuccess: async (token) => {
      setConfirming(null);
      setRevoked(`${token.name} is revoked: its integration is refused from its next request on.`);
      issue.reset();
      await client.invalidateQueries({ queryKey: ['api-tokens'] });
    },
  });
  const issued = issue.data;
  return (
    <>
      <h1>API tokens</h1>
      <p className="lead">Integrations (learning platforms, library and lunch systems) sign in with a token. Give each one only what it needs, and revoke it when it is no longer used.</p>

      <form
        className="panel"
        aria-labelledby="issue-h"
        onSubmit={(e) => {
          e.preventDefault();
          issue.mutate();
        }}
      >
        <h2 id="issue-h">Issue a token</h2>
        <label htmlFor="token-name">What it is for</label>
        <input id="token-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder="Library system nightly roster" autoComplete="off" />
        <fieldset>
          <legend>It may</legend>
          {(list.data?.scopes ?? []).map((scope) => (
            <div className="checkbox" key={scope.name}>
              <input
                id={`scope-${scope.name}`}
                type="checkbox"
                checked={scopes.includes(scope.name)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, scope.name] : scopes.filter((s) => s !== scope.name))}
              />
              <label htmlFor={`scope-${scope.name}`}>
                {scope.description} <span className="muted">({scope.name})</span>
              </label>
            </div>
          ))}
        </fieldset>
        <label htmlFor="token-days">It works for</label>
        <select id="token-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {LIFETIMES.map((d) => (
            <option key={d} value={d}>
              {d} days
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={issue.isPending || scopes.length === 0}>
          {issue.isPending ? 'Issuing…' : 'Issue the token'}
        </button>
        {scopes.length === 0 ? <p className="hint">Choose at least one thing the integration may do.</p> : null}
        {issue.error ? <ErrorNotice error={issue.error} /> : null}
      </form>
      {issued ? (
        <div className="notice notice-ok" role="status">
          <p className="notice-title">Token issued for {issued.name}</p>
          <p>Copy it into the integration now: Homeroom keeps only a fingerprint of it and cannot show it again. It works until {when(issued.expiresAt)}; issue a new one before then.</p>
          <label htmlFor="issued-token">The token</label>
          <input id="issued-token" readOnly value={issued.token} onFocus={(e) => e.target.select()} className="token" />
        </div>
      ) : null}
      {revoked ? (
        <p className="notice notice-ok" role="status">
          {revoked}
        </p>
      ) : null}

      <section aria-labelledby="tokens-h">
        <h2 id="tokens-h">Tokens</h2>
        {list.isPending ? <Loading what="tokens" /> : null}
        {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
        {revoke.error ? <ErrorNotice error={revoke.error} /> : null}
        {list.data && list.data.tokens.length === 0 ? <p>No token has been issued.</p> : null}
        {list.data && list.data.tokens.length > 0 ? (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">API tokens, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">For</th>
                  <th scope="col">May</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Works until</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {list.data.tokens.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">{t.name}</th>
                    <td>{t.scopes.join(', ')}</td>
                    <td>
                      {when(t.createdAt)} {t.createdBy?.username ? <span className="muted">by {t.createdBy.username}</span> : null}
                    </td>
                    <td>{t.lastUsedAt ? when(t.lastUsedAt) : 'Never'}</td>
                    <td>{when(t.expiresAt)}</td>
                    <td className="row-actions">
                      {t.revokedAt ? (
                        `Revoked ${when(t.revokedAt)}`
                      ) : Date.parse(t.expiresAt) <= Date.now() ? (
                        'Expired'
                      ) : confirming === t.id ? (
                        <>
                          <button type="button" className="danger" onClick={() => revoke.mutate(t)} disabled={revoke.isPending}>
                            Yes, revoke {t.name}
                          </button>
                          <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                            Keep it
                          </button>
                        </>
                      ) : (
                        <>
                          {/* Refused while its issuer is disabled, and working again if the account is enabled: revoke it to be sure. */}
                          {t.issuerDisabled ? <span className="muted">Refused: the account that issued it is disabled. </span> : null}
                          <button type="button" onClick={() => setConfirming(t.id)}>
                            Revoke {t.name}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
