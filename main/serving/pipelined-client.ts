import { connect, type Socket } from 'node:net';

/** How an exchange ends: an answer (status, body bytes, round trip in ms) or the error. */
export type ExchangeCallback = (error: Error | null, status: number, body: Buffer, latencyMs: number) => void;

export type PipelinedClientOptions = {
  connections: number;
  /** Requests in flight on one connection at once. */
  pipelining: number;
  /** No answer (or no connection) for this long fails the connection's requests. */
  responseTimeoutMs: number;
  /** An unused connection is closed after this long, before the service's own keep-alive ends it. */
  idleTimeoutMs: number;
};

type Exchange = {
  head: string;
  body: Buffer | string | undefined;
  callback: ExchangeCallback;
  started: number;
};

const EMPTY = Buffer.alloc(0);
const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const MAX_HEAD_BYTES = 64 * 1024;

function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * A keep-alive HTTP/1.1 client for the gateway's own model services, built for the one thing
 * undici does not do: requests that leave in the same turn of the event loop share one write
 * (one system call) on a connection, and their answers come back together in one read. On a
 * loopback hop the system calls, not the JavaScript, are most of a proxy's cost.
 * Answers are read with a content-length, chunked, or up to the close; a connection that
 * errs, closes or times out fails its requests in flight with a coded error (never a hang).
 */
export class PipelinedClient {
  private readonly connections = new Set<Connection>();
  private readonly waiting: Exchange[] = [];
  private readonly host: string;
  private readonly port: number;
  private readonly hostHeader: string;
  private closed = false;

  constructor(
    url: string,
    private readonly options: PipelinedClientOptions,
  ) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:') throw new Error(`Only http:// services are supported, not ${url}`);
    this.host = parsed.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(parsed.port || 80);
    this.hostHeader = parsed.host;
  }

  /** Sends a request; `headers` is a flat [name, value, …] list. The callback runs exactly once. */
  request(
    method: string,
    path: string,
    headers: string[],
    body: Buffer | string | undefined,
    callback: ExchangeCallback,
  ): void {
    const started = performance.now();
    if (this.closed) {
      callback(failure('CLIENT_CLOSED', 'The connection pool is closed'), 0, EMPTY, 0);
      return;
    }
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\n`;
    for (let i = 0; i + 1 < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
    if (body !== undefined) head += `content-length: ${Buffer.byteLength(body)}\r\n`;
    head += '\r\n';
    const exchange: Exchange = { head, body, callback, started };
    const connection = this.pick();
    if (connection) connection.send(exchange);
    else this.waiting.push(exchange);
  }

  /** Closes every connection once its requests are answered; requests still waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const exchange of this.waiting.splice(0)) {
      exchange.callback(failure('CLIENT_CLOSED', 'The connection pool is closed'), 0, EMPTY, 0);
    }
    await Promise.all([...this.connections].map((connection) => connection.end()));
  }

  /**
   * A connection with a write already pending this turn (the request joins it), else an idle
   * one, else a new one while under the limit, else the least busy one with room.
   */
  private pick(): Connection | null {
    let best: Connection | null = null;
    let idle: Connection | null = null;
    for (const connection of this.connections) {
      if (!connection.usable || connection.inFlight >= this.options.pipelining) continue;
      if (connection.writePending) return connection;
      if (connection.inFlight === 0) idle ??= connection;
      else if (!best || connection.inFlight < best.inFlight) best = connection;
    }
    if (idle) return idle;
    if (this.connections.size < this.options.connections) {
      const connection = new Connection(this.host, this.port, this.options, (unread) =>
        this.released(connection, unread),
      );
      this.connections.add(connection);
      return connection;
    }
    return best;
  }

  /**
   * A connection answered a request or went away: hand waiting requests to whoever has room,
   * first those its service closed it on without reading (they were never processed).
   */
  private released(connection: Connection, unread: Exchange[]): void {
    if (connection.gone) this.connections.delete(connection);
    if (unread.length > 0) this.waiting.unshift(...unread);
    while (this.waiting.length > 0 && !this.closed) {
      const next = this.pick();
      if (!next) return;
      next.send(this.waiting.shift() as Exchange);
    }
  }
}

/** One socket: a FIFO of requests in flight, writes batched per event-loop turn, an incremental reader. */
class Connection {
  private readonly socket: Socket;
  private readonly inFlightQueue: Exchange[] = [];
  private outbox: (Buffer | string)[] = [];
  private buffered: Buffer = EMPTY;
  private error: Error | null = null;
  /** The server said `connection: close`: no new requests go here. */
  private closing = false;
  gone = false;

  constructor(
    host: string,
    port: number,
    private readonly options: PipelinedClientOptions,
    private readonly onRelease: (unread: Exchange[]) => void,
  ) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.setTimeout(options.responseTimeoutMs);
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('timeout', () => {
      if (this.inFlightQueue.length === 0) this.socket.destroy();
      else this.socket.destroy(failure('ETIMEDOUT', 'The service did not answer in time'));
    });
    this.socket.on('error', (error) => {
      this.error ??= error;
    });
    this.socket.on('close', () => this.closed());
  }

  get inFlight(): number {
    return this.inFlightQueue.length;
  }

  get writePending(): boolean {
    return this.outbox.length > 0;
  }

  get usable(): boolean {
    return !this.gone && !this.closing;
  }

  send(exchange: Exchange): void {
    if (this.inFlightQueue.length === 0) {
      this.socket.ref();
      this.socket.setTimeout(this.options.responseTimeoutMs);
    }
    this.inFlightQueue.push(exchange);
    if (this.outbox.length === 0) setImmediate(() => this.flush());
    this.outbox.push(exchange.head);
    if (exchange.body !== undefined) this.outbox.push(exchange.body);
  }

  /**
   * Ends the connection once its requests are answered. A socket that is already closed emits
   * no second 'close', and a service that never answers the FIN would hold it open: either way
   * it is destroyed after a second, so closing a pool always finishes.
   */
  end(): Promise<void> {
    const socket = this.socket;
    if (this.gone || socket.destroyed || socket.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => socket.destroy(), 1_000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end();
    });
  }

  private flush(): void {
    const outbox = this.outbox;
    this.outbox = [];
    if (this.gone) return;
    this.socket.cork();
    for (const part of outbox) this.socket.write(part);
    this.socket.uncork();
  }

  private read(chunk: Buffer): void {
    let data = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const parsed = parseResponse(data);
      if (parsed === 'incomplete') break;
      if (parsed === 'invalid') {
        this.socket.destroy(failure('HPE_INVALID', 'The service sent an answer that is not valid HTTP'));
        return;
      }
      data = data.subarray(parsed.consumed);
      if (parsed.status < 200) continue;
      if (parsed.close) this.closing = true;
      this.complete(parsed.status, parsed.body);
    }
    this.buffered = data.length === 0 ? EMPTY : data;
  }

  private complete(status: number, body: Buffer): void {
    const exchange = this.inFlightQueue.shift();
    if (!exchange) {
      this.socket.destroy(failure('HPE_UNEXPECTED', 'The service answered a request it was not sent'));
      return;
    }
    if (this.inFlightQueue.length === 0) {
      this.socket.unref();
      this.socket.setTimeout(this.options.idleTimeoutMs);
    }
    exchange.callback(null, status, body, performance.now() - exchange.started);
    this.onRelease([]);
  }

  private closed(): void {
    this.gone = true;
    // An answer read up to the close is complete now; anything else in flight is lost.
    const last = this.buffered.length > 0 ? untilClose(this.buffered) : null;
    if (last && this.inFlightQueue.length > 0) this.complete(last.status, last.body);
    // After an answer that said `connection: close` (Fastify says it after a body it could not
    // parse), the requests pipelined behind it get no answer on this connection: they go again.
    // Scoring has no effect beyond the service's own counters, so a request the service had
    // already scored costs a second count there, never a wrong answer. Each such close answers
    // one request first, so resending always makes progress.
    if (this.closing) {
      this.onRelease(this.inFlightQueue.splice(0));
      return;
    }
    const error = this.error ?? failure('ECONNRESET', 'The service closed the connection');
    for (const exchange of this.inFlightQueue.splice(0)) {
      exchange.callback(error, 0, EMPTY, performance.now() - exchange.started);
    }
    this.onRelease([]);
  }
}

type Parsed = { status: number; body: Buffer; consumed: number; close: boolean };

/** One answer at the start of `data`, or what is missing; bodies up to the close are read at the close. */
function parseResponse(data: Buffer): Parsed | 'incomplete' | 'invalid' {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) return data.length > MAX_HEAD_BYTES ? 'invalid' : 'incomplete';
  const head = data.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  if (!head.startsWith('HTTP/1.') || !Number.isInteger(status) || status < 100) return 'invalid';
  let length = -1;
  let chunked = false;
  let close = false;
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon < 0) return 'invalid';
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name === 'content-length') length = Number(value);
    else if (name === 'transfer-encoding') chunked = value.endsWith('chunked');
    else if (name === 'connection') close = value === 'close';
  }
  const start = headEnd + 4;
  if (status < 200 || status === 204 || status === 304) {
    return { status, body: EMPTY, consumed: start, close };
  }
  if (chunked) return readChunked(data, start, status, close);
  if (length >= 0) {
    if (!Number.isSafeInteger(length)) return 'invalid';
    if (data.length < start + length) return 'incomplete';
    return { status, body: data.subarray(start, start + length), consumed: start + length, close };
  }
  // No length: the body runs to the close (read when the socket closes).
  return 'incomplete';
}

function readChunked(
  data: Buffer,
  start: number,
  status: number,
  close: boolean,
): Parsed | 'incomplete' | 'invalid' {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = data.indexOf(CRLF, at);
    if (lineEnd < 0) return 'incomplete';
    const size = Number.parseInt(data.toString('latin1', at, lineEnd).split(';')[0], 16);
    if (!Number.isInteger(size) || size < 0) return 'invalid';
    at = lineEnd + 2;
    if (size === 0) {
      // Trailers, if any, end with an empty line.
      const end = data.indexOf(CRLF, at);
      if (end < 0) return 'incomplete';
      if (end === at) return { status, body: Buffer.concat(parts), consumed: at + 2, close };
      const trailersEnd = data.indexOf(HEAD_END, at);
      if (trailersEnd < 0) return 'incomplete';
      return { status, body: Buffer.concat(parts), consumed: trailersEnd + 4, close };
    }
    if (data.length < at + size + 2) return 'incomplete';
    parts.push(data.subarray(at, at + size));
    at += size + 2;
  }
}

/** An answer without a length, complete because the connection closed after it. */
function untilClose(data: Buffer): { status: number; body: Buffer } | null {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) return null;
  const head = data.toString('latin1', 0, headEnd).toLowerCase();
  if (!head.startsWith('http/1.') || /\r\n(content-length|transfer-encoding):/.test(head)) return null;
  const status = Number(head.slice(9, 12));
  return Number.isInteger(status) ? { status, body: data.subarray(headEnd + 4) } : null;
}
