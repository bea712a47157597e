import { useQuery } from '@tanstack/react-query';
import { apiGet } from './client.ts';
import type { District } from './types.ts';

/** The signed-in user's district (its name, current school year, figures): one query every screen shares. */
export function useDistrict() {
  return useQuery({ queryKey: ['district'], queryFn: ({ signal }) => apiGet<District>('/api/district', signal) });
}
