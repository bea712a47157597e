import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { apiSend, recentFailures } from '../api/client.ts';
import type { ReportContext, Ticket } from '../api/types.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

/** The records a screen has open, read from its address: a student, a section. */
export function recordsOpen(pathname: string): ReportContext['records'] {
  const records: ReportContext['records'] = [];
  for (const [, kind, id] of pathname.matchAll(/\/(students|sections)\/(\d+)/g)) records.push({ kind: kind === 'students' ? 'student' : 'section', id: Number(id) });
  return records.slice(0, 10);
}

/**
 * "Report a problem", on every screen: the person says what happened, and the ticket carries the
 * screen, the records open, the last failed requests and the browser, shown to them before they
 * send it. Never a password or a token: the client keeps none of them, and the server removes
 * anything that looks like one.
 */
export function ReportProblem() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button type="button" ref={opener} className="secondary" onClick={() => setOpen(true)} aria-haspopup="dialog">
        Report a problem
      </button>
      {open ? (
        <ReportDialog
          onClose={() => {
            setOpen(false);
            opener.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}

function ReportDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const location = useLocation();
  const [whatHappened, setWhatHappened] = useState('');
  // The context as it was when the person opened the dialog, not after their report's own request.
  const [context] = useState<ReportContext>(() => ({
    screen: location.pathname,
    records: recordsOpen(location.pathname),
    failedRequests: recentFailures(),
    userAgent: navigator.userAgent.slice(0, 400),
  }));
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const send = useMutation({ mutationFn: () => apiSend<{ ticket: Ticket; secretsRemoved: number }>('POST', '/api/help-desk/tickets', { whatHappened: whatHappened.trim(), context }) });
  const sent = send.data;
  return (
    <dialog ref={ref} className="report-dialog" aria-labelledby="report-title" onClose={onClose} onCancel={onClose}>
      <h2 id="report-title">Report a problem</h2>
      {sent ? (
        <div className="notice notice-ok" role="status">
          <p className="notice-title">Thank you: the help desk has your report, ticket {sent.ticket.id}.</p>
          {sent.ticket.priority === 'urgent' ? <p>It is marked urgent ({sent.ticket.priorityReason?.toLowerCase()}).</p> : null}
          {sent.secretsRemoved > 0 ? <p>Something in it looked like a password or a token and was removed before it was kept. Never send a password to anyone, the help desk included.</p> : null}
          <p>
            <Link to="/my-reports" onClick={() => ref.current?.close()}>
              Follow it in My reports
            </Link>
          </p>
        </div>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            send.mutate();
          }}
        >
          <label htmlFor="report-what">What happened?</label>
          <textarea id="report-what" required minLength={3} maxLength={4000} rows={5} aria-describedby="report-what-hint" value={whatHappened} onChange={(e) => setWhatHappened(e.target.value)} />
          <p id="report-what-hint" className="hint">
            What you were doing and what went wrong. Never write your password.
          </p>
          <details>
            <summary>What is sent with it</summary>
            <dl className="facts compact">
              <dt>Screen</dt>
              <dd>{context.screen}</dd>
              <dt>Records open</dt>
              <dd>{context.records.length ? context.records.map((r) => `${r.kind} ${r.id}`).join(', ') : 'none'}</dd>
              <dt>Requests that failed</dt>
              <dd>{context.failedRequests.length ? context.failedRequests.map((r) => `${r.code} (${r.method} ${r.route})`).join('; ') : 'none'}</dd>
              <dt>Browser</dt>
              <dd>{context.userAgent}</dd>
            </dl>
          </details>
          {send.error ? <ErrorNotice error={send.error} /> : null}
          <div className="actions">
            <button type="submit" className="primary" disabled={send.isPending}>
              {send.isPending ? 'Sending…' : 'Send to the help desk'}
            </button>
          </div>
        </form>
      )}
      <div className="actions dialog-close">
        <button type="button" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
