import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { test } from 'node:test';
import { PipelinedClient } from '../../main/serving/pipelined-client.js';

type Answer = { error: Error | null; status: number; body: string };

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

function send(client: PipelinedClient, path: string, body?: string, headers: string[] = []): Promise<Answer> {
  return new Promise((resolve) =>
    client.request(body === undefined ? 'GET' : 'POST', path, headers, body, (error, status, answer) =>
      resolve({ error, status, body: answer.toString('utf8') }),
    ),
  );
}

const options = { connections: 2, pipelining: 8, responseTimeoutMs: 2_000, idleTimeoutMs: 1_000 };

/** Echoes method, path, x-id and body; `/chunked` answers without a length, `/bad` like Fastify on a bad body. */
function echo(request: IncomingMessage, response: ServerResponse, body: string): void {
  const text = JSON.stringify({
    method: request.method,
    path: request.url,
    id: request.headers['x-id'],
    body,
  });
  if (request.url === '/chunked') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write(text.slice(0, 5));
    response.end(text.slice(5));
  } else if (request.url === '/bad') {
    response.writeHead(400, { connection: 'close', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  } else {
    response.writeHead(request.url === '/missing' ? 404 : 200, { 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }
}

test('many requests at once share connections and each gets its own answer, by length or chunked', async () => {
  const sockets = new Set<unknown>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => echo(request, response, body));
  });
  server.on('connection', (socket) => sockets.add(socket));
  const client = new PipelinedClient(await listen(server), options);
  const answers = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      send(client, i % 3 === 0 ? '/chunked' : i % 7 === 0 ? '/missing' : '/predict', `{"i":${i}}`, [
        'x-id',
        String(i),
      ]),
    ),
  );
  for (const [i, answer] of answers.entries()) {
    assert.equal(answer.error, null);
    assert.equal(answer.status, i % 3 !== 0 && i % 7 === 0 ? 404 : 200);
    assert.deepEqual(JSON.parse(answer.body), {
      method: 'POST',
      path: i % 3 === 0 ? '/chunked' : i % 7 === 0 ? '/missing' : '/predict',
      id: String(i),
      body: `{"i":${i}}`,
    });
  }
  assert.ok(sockets.size <= 2, `at most 2 connections, got ${sockets.size}`);
  const info = await send(client, '/model/info');
  assert.equal(JSON.parse(info.body).method, 'GET');
  await client.close();
  await new Promise((resolve) => server.close(resolve));
});

test('requests pipelined behind an answer that closes the connection are sent again and answered', async () => {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => echo(request, response, body));
  });
  const client = new PipelinedClient(await listen(server), { ...options, connections: 1 });
  const paths = Array.from({ length: 60 }, (_, i) => (i % 10 === 0 ? '/bad' : '/predict'));
  const answers = await Promise.all(paths.map((path, i) => send(client, path, `${i}`)));
  assert.deepEqual(
    answers.map((a) => [a.error, a.status]),
    paths.map((path) => [null, path === '/bad' ? 400 : 200]),
  );
  assert.deepEqual(
    answers.map((a) => JSON.parse(a.body).body),
    paths.map((_, i) => `${i}`),
  );
  await client.close();
  await new Promise((resolve) => server.close(resolve));
});

test('a refused connection, a service that dies mid-answer, garbage and silence all end in coded errors', async () => {
  const refused = new PipelinedClient('http://127.0.0.1:1', options);
  const noService = await send(refused, '/predict', '{}');
  assert.equal((noService.error as Error & { code?: string }).code, 'ECONNREFUSED');
  await refused.close();
  const afterClose = await send(refused, '/predict', '{}');
  assert.equal((afterClose.error as Error & { code?: string }).code, 'CLIENT_CLOSED');

  const behaviours: Record<string, (socket: import('node:net').Socket) => void> = {
    dies: (socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"half'),
    garbage: (socket) => socket.write('NOT HTTP AT ALL\r\n\r\n'),
    silent: () => {},
    'no length': (socket) =>
      socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{"to":"close"}'),
  };
  for (const [name, behave] of Object.entries(behaviours)) {
    const server = createTcpServer((socket) => socket.once('data', () => behave(socket)));
    const client = new PipelinedClient(await listen(server), { ...options, responseTimeoutMs: 300 });
    const started = performance.now();
    const answer = await send(client, '/predict', '{}');
    if (name === 'no length') {
      assert.equal(answer.error, null);
      assert.equal(answer.body, '{"to":"close"}');
    } else {
      const code = (answer.error as (Error & { code?: string }) | null)?.code;
      assert.ok(code, `${name}: expected a coded error, got ${JSON.stringify(answer)}`);
      assert.equal(code, { dies: 'ECONNRESET', garbage: 'HPE_INVALID', silent: 'ETIMEDOUT' }[name]);
    }
    assert.ok(performance.now() - started < 2_000, `${name}: no hang`);
    await client.close();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('closing a pool finishes even when the service never answers the connection’s end', async () => {
  // Half-open sockets on the service's side: it answers, then ignores the client's FIN.
  const sockets: import('node:net').Socket[] = [];
  const server = createTcpServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket);
    socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}'));
    socket.on('end', () => {});
  });
  // An idle timeout far away, so it is not what ends the connection.
  const client = new PipelinedClient(await listen(server), { ...options, idleTimeoutMs: 10_000 });
  assert.equal((await send(client, '/predict', '{}')).status, 200);
  const started = performance.now();
  await client.close();
  assert.ok(performance.now() - started < 3_000, 'close() did not wait for a FIN that never comes');
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});
