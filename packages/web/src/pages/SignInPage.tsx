import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiProblem, apiGet, apiSend, describeError } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { signedIn, useSession } from '../session.ts';

interface SignInState {
  next?: string;
  signedOut?: string;
}

/** The unlock time in the reader's own clock, not UTC: "It unlocks at 8:15 AM". */
export function signInErrorText(error: unknown): { title: string; detail: string } {
  const described = describeError(error);
  if (error instanceof ApiProblem && error.code === 'account-locked' && typeof error.problem.lockedUntil === 'string') {
    const until = new Date(error.problem.lockedUntil);
    if (!Number.isNaN(until.getTime())) {
      const time = until.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
      return { title: described.title, detail: `Too many wrong passwords. It unlocks at ${time}, or the help desk can unlock it sooner.` };
    }
  }
  return described;
}

export function SignInPage() {
  usePageTitle('Sign in');
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as SignInState;
  const session = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const errorRef = useRef<HTMLDivElement>(null);
  // Whether the district signs people in with its own accounts; asked quietly, a failure hides the button.
  const sso = useQuery({ queryKey: ['sso'], queryFn: ({ signal }) => apiGet<{ enabled: boolean; startUrl: string | null }>('/api/auth/sso', signal), retry: false, staleTime: Infinity });
  const signIn = useMutation({
    mutationFn: () => apiSend<Session>('POST', '/api/auth/sign-in', { username: username.trim(), password }),
    onSuccess: (result) => {
      signedIn(client, result);
      navigate(state.next && state.next.startsWith('/') ? state.next : '/', { replace: true });
    },
    onError: () => setPassword(''),
  });
  useEffect(() => {
    if (signIn.error) errorRef.current?.focus();
  }, [signIn.error]);

  if (session.data && !signIn.isPending) return <Navigate to="/" replace />;
  const error = signIn.error ? signInErrorText(signIn.error) : null;
  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Homeroom</h1>
      {state.signedOut && !error ? (
        <p className="notice notice-ok" role="status">
          {state.signedOut}
        </p>
      ) : null}
      {error ? (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={errorRef}>
          <p className="notice-title">{error.title}</p>
          {error.detail ? <p>{error.detail}</p> : null}
        </div>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!username.trim() || !password) return;
          signIn.mutate();
        }}
       
      >
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" required autoFocus value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {sso.data?.enabled ? (
        <p>
          <a className="button-link" href={sso.data.startUrl ?? '/api/auth/sso/start'}>
            Sign in with your district account
          </a>
        </p>
      ) : null}
      <p id="sign-in-help" className="hint">
        Forgot your password or locked out? Call your school's help desk. On a shared computer, sign out when you are done.
      </p>
    </main>
  );
}
