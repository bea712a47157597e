import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { setFetch } from '../api/client.ts';

/** A query client that reports a failure at once: a test that retried would only be slower to say so. */
export const testQueryClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

/**
 * A screen as the app shows it: with the app's query client and a router at `at`; with `path`, the
 * screen is the route of that pattern, so that it reads its parameters as it does in the app.
 */
export function renderScreen(screen: ReactElement, options: { at?: string; path?: string; client?: QueryClient; otherRoutes?: Record<string, ReactElement> } = {}) {
  const client = options.client ?? testQueryClient();
  const content = options.path ? (
    <Routes>
      <Route path={options.path} element={screen} />
      {Object.entries(options.otherRoutes ?? {}).map(([path, element]) => <Route key={path} path={path} element={element} />)}
    </Routes>
  ) : screen;
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={options.at ? [options.at] : undefined}>{content}</MemoryRouter>
    </QueryClientProvider>,
  );
}

/** What the screen sent to the fake server. */
export interface SentRequest {
  url: string;
  method: string;
  ifMatch: string | null;
  body: unknown;
}

/** A JSON answer, or a problem document when `status` is 4xx/5xx and the body has a `code`. */
export function answer(body: unknown, status = 200): Response {
  const problem = status >= 400 && typeof body === 'object' && body !== null && 'code' in body;
  return new Response(JSON.stringify(problem ? { status, ...body } : body), { status, headers: { 'content-type': problem ? 'application/problem+json' : 'application/json' } });
}

/** The app's fetch answered by `server`; returns the requests as they were sent, in order. */
export function fakeServer(server: (request: SentRequest) => Response | Promise<Response>): SentRequest[] {
  const sent: SentRequest[] = [];
  setFetch((async (url: RequestInfo | URL, init?: RequestInit) => {
    const request = { url: String(url), method: init?.method ?? 'GET', ifMatch: new Headers(init?.headers).get('if-match'), body: init?.body };
    sent.push(request);
    return server(request);
  }) as typeof fetch);
  return sent;
}
