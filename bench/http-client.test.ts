import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadClient } from './http-client.ts';

describe('the load generator’s HTTP client', () => {
  let server: http.Server;
  let port: number;
  const seen: Array<{ method: string; url: string; body: string; cookie: string | undefined }> = [];
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({ method: request.method!, url: request.url!, body, cookie: request.headers.cookie });
        if (request.url === '/close') response.setHeader('connection', 'close');
        const answer = JSON.stringify({ echo: body, url: request.url, big: 'é'.repeat(request.url === '/big' ? 100_000 : 1) });
        if (request.url === '/busy') response.setHeader('retry-after', '3');
        response.writeHead(request.url === '/missing' ? 404 : request.url === '/busy' ? 503 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
        response.end(answer);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends requests with their headers and bodies and reads each answer whole, over few sockets', async () => {
    const client = new LoadClient(port, 2);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.request(i % 2 ? 'PUT' : 'GET', `/n/${i}`, { cookie: `c=${i}`, 'content-type': 'application/json' }, i % 2 ? JSON.stringify({ i, name: 'Zoë' }) : undefined)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(JSON.parse(answers[3]!.body)).toMatchObject({ url: '/n/3', echo: '{"i":3,"name":"Zoë"}' });
    expect(seen.find((s) => s.url === '/n/3')).toMatchObject({ method: 'PUT', cookie: 'c=3' });
    // A long answer arrives in pieces; a status other than 200; a server that closes after answering.
    expect(JSON.parse((await client.request('GET', '/big', {})).body).big).toHaveLength(100_000);
    expect((await client.request('GET', '/missing', {})).status).toBe(404);
    // A busy server's 503 says when to come back; the morning's teachers wait that long.
    expect(await client.request('GET', '/busy', {})).toMatchObject({ status: 503, retryAfterSeconds: 3 });
    expect((await client.request('GET', '/close', {})).status).toBe(200);
    expect((await client.request('GET', '/after-close', {})).status).toBe(200);
    client.close();
    await expect(client.request('GET', '/', {})).rejects.toThrow(/closed/);
  });
});
