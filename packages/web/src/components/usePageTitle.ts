import { useEffect } from 'react';

/** Each screen names itself in the browser tab, which is also what a screen reader announces first. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} — Homeroom` : 'Homeroom';
  }, [title]);
}
