import { useEffect, useRef } from 'react';
import { describeError } from '../api/client.ts';

/**
 * An error in words a school user understands (the problem document's title and detail), with
 * what to do next. Focus moves here so a screen-reader user hears it at once.
 */
export function ErrorNotice({ error, onRetry, children }: { error: unknown; onRetry?: () => void; children?: React.ReactNode }) {
  const { title, detail } = describeError(error);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [error]);
  return (
    <div className="notice notice-error" role="alert" tabIndex={-1} ref={ref}>
      <p className="notice-title">{title}</p>
      {detail ? <p>{detail}</p> : null}
      {children}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}
