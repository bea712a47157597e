/**
 * Which of the offered media types an Accept header prefers (RFC 9110 §12.5.1): the highest q,
 * the more specific range winning over a wildcard, and on a tie the first offered — the default,
 * which is also the answer to a request without Accept. Null when the client accepts none.
 */
export function preferredMediaType<T extends string>(accept: string | undefined, offered: readonly [T, ...T[]]): T | null {
  if (!accept?.trim()) return offered[0];
  const ranges = accept.split(',').map((part) => {
    const [range, ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { range: range!.trim(), q: q ? Number(q.slice(2)) : 1 };
  });
  let best: { type: T; q: number } | null = null;
  for (const type of offered) {
    const [major] = type.split('/');
    const match = ranges.find((r) => r.range === type) ?? ranges.find((r) => r.range === `${major}/*`) ?? ranges.find((r) => r.range === '*/*');
    const q = match && Number.isFinite(match.q) ? match.q : 0;
    if (q > 0 && (!best || q > best.q)) best = { type, q };
  }
  return best?.type ?? null;
}
