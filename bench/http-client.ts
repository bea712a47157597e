// The load generator's HTTP/1.1 client: kept-alive sockets to one server on loopback, each request
// written as one buffer and the answer read by its Content-Length. The generator shares the two
// cores with the server and the database; node:http cost it about 0.4 ms of CPU a request, which
// the server then did not have. It speaks only what Homeroom answers: no chunked bodies, no 1xx.
import net from 'node:net';

export interface Answer {
  status: number;
  body: string;
  /** A busy server's Retry-After in seconds (only the delay-seconds form, which Homeroom sends). */
  retryAfterSeconds?: number;
}

interface Pending {
  request: Buffer;
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
}

interface Connection {
  socket: net.Socket;
  current: Pending | null;
  buffer: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export class LoadClient {
  readonly #port: number;
  readonly #maxSockets: number;
  readonly #idle: Connection[] = [];
  readonly #queue: Pending[] = [];
  #open = 0;
  #closed = false;

  constructor(port: number, maxSockets: number) {
    this.#port = port;
    this.#maxSockets = maxSockets;
  }

  request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
    if (this.#closed) return Promise.reject(new Error('the client is closed'));
    let head = `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1:${this.#port}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    const payload = body === undefined ? null : Buffer.from(body, 'utf8');
    if (payload) head += `content-length: ${payload.length}\r\n`;
    head += '\r\n';
    const request = payload ? Buffer.concat([Buffer.from(head, 'latin1'), payload]) : Buffer.from(head, 'latin1');
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#next();
    });
  }

  close(): void {
    this.#closed = true;
    for (const c of this.#idle) c.socket.destroy();
    this.#idle.length = 0;
  }

  #next(): void {
    while (this.#queue.length > 0) {
      const connection = this.#idle.pop() ?? (this.#open < this.#maxSockets ? this.#connect() : null);
      if (!connection) return;
      const pending = this.#queue.shift()!;
      connection.current = pending;
      connection.socket.write(pending.request);
    }
  }

  #connect(): Connection {
    this.#open += 1;
    const socket = net.connect({ host: '127.0.0.1', port: this.#port, noDelay: true });
    const connection: Connection = { socket, current: null, buffer: Buffer.alloc(0) };
    socket.on('data', (chunk: Buffer) => {
      connection.buffer = connection.buffer.length ? Buffer.concat([connection.buffer, chunk]) : chunk;
      let answer: ReturnType<LoadClient['answer']>;
      try {
        answer = this.answer(connection);
      } catch (error) {
        socket.destroy(error as Error);
        return;
      }
      if (!answer) return;
      const done = connection.current!;
      connection.current = null;
      // The 'close' event counts the socket out.
      if (answer.close || this.#closed) socket.destroy();
      else this.#idle.push(connection);
      done.resolve({ status: answer.status, body: answer.body, retryAfterSeconds: answer.retryAfterSeconds });
      this.#next();
    });
    const fail = (error: Error) => {
      if (connection.current) connection.current.reject(error);
      connection.current = null;
      const at = this.#idle.indexOf(connection);
      if (at >= 0) this.#idle.splice(at, 1);
    };
    socket.on('error', fail);
    socket.on('close', () => {
      this.#open -= 1;
      fail(new Error('the server closed the connection'));
      this.#next();
    });
    return connection;
  }

  /** The whole answer when it has all arrived, else null. */
  private answer(connection: Connection): { status: number; body: string; close: boolean; retryAfterSeconds?: number } | null {
    const end = connection.buffer.indexOf(HEADER_END);
    if (end < 0) return null;
    const head = connection.buffer.toString('latin1', 0, end);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) throw new Error(`an answer without Content-Length: ${head.slice(0, 200)}`);
    const total = end + 4 + Number(length[1]);
    if (connection.buffer.length < total) return null;
    const body = connection.buffer.toString('utf8', end + 4, total);
    connection.buffer = connection.buffer.subarray(total);
    const status = Number(head.slice(9, 12));
    const retryAfter = status === 503 ? /\r\nretry-after:\s*(\d+)/i.exec(head) : null;
    return { status, body, close: /\r\nconnection:\s*close/i.test(head), ...(retryAfter ? { retryAfterSeconds: Number(retryAfter[1]) } : {}) };
  }
}
