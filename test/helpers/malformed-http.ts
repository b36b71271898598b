import { connect } from 'node:net';
import type { Random } from '../../main/common/random.js';

/** Requests that break HTTP itself, sent byte for byte so Node's parser has to deal with them. */
export function malformedHttp(
  path: string,
  json: string,
  random: Random,
): { kind: string; bytes: string | Buffer }[] {
  const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
  const garbage = Buffer.alloc(200);
  for (let i = 0; i < garbage.length; i++) garbage[i] = random.int(256);
  return [
    {
      kind: 'body shorter than content-length, then half-close',
      bytes:
        head([`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', 'Content-Length: 500']) +
        json.slice(0, 30),
    },
    {
      kind: 'body longer than content-length',
      bytes:
        head([`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', 'Content-Length: 5']) +
        json,
    },
    {
      kind: 'invalid chunk size',
      bytes:
        head([
          `POST ${path} HTTP/1.1`,
          'Host: x',
          'Content-Type: application/json',
          'Transfer-Encoding: chunked',
        ]) + 'zz\r\n{}\r\n0\r\n\r\n',
    },
    {
      kind: 'truncated chunk',
      bytes:
        head([
          `POST ${path} HTTP/1.1`,
          'Host: x',
          'Content-Type: application/json',
          'Transfer-Encoding: chunked',
        ]) + '50\r\n{"a"',
    },
    {
      kind: 'content-length and transfer-encoding',
      bytes:
        head([
          `POST ${path} HTTP/1.1`,
          'Host: x',
          'Content-Type: application/json',
          'Content-Length: 4',
          'Transfer-Encoding: chunked',
        ]) + '2\r\n{}\r\n0\r\n\r\n',
    },
    {
      kind: 'negative content-length',
      bytes:
        head([`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', 'Content-Length: -1']) +
        '{}',
    },
    {
      kind: 'two different content-lengths',
      bytes:
        head([
          `POST ${path} HTTP/1.1`,
          'Host: x',
          'Content-Type: application/json',
          'Content-Length: 2',
          'Content-Length: 3',
        ]) + '{}',
    },
    {
      kind: '20 KB header',
      bytes:
        head([`POST ${path} HTTP/1.1`, 'Host: x', `X-Junk: ${'a'.repeat(20_000)}`, 'Content-Length: 2']) +
        '{}',
    },
    {
      kind: 'NUL in a header value',
      bytes: head([`POST ${path} HTTP/1.1`, 'Host: x', 'X-Bad: a\u0000b', 'Content-Length: 2']) + '{}',
    },
    { kind: 'bad method', bytes: head([`P@ST ${path} HTTP/1.1`, 'Host: x', 'Content-Length: 2']) + '{}' },
    { kind: 'bad version', bytes: head([`POST ${path} HTTP/9.9`, 'Host: x', 'Content-Length: 2']) + '{}' },
    {
      kind: 'no host header',
      bytes: head([`POST ${path} HTTP/1.1`, 'Content-Type: application/json', 'Content-Length: 2']) + '{}',
    },
    {
      kind: '100 KB url',
      bytes: head([`POST ${path}?${'a'.repeat(100_000)} HTTP/1.1`, 'Host: x', 'Content-Length: 2']) + '{}',
    },
    { kind: 'random bytes', bytes: garbage },
  ];
}

/** Sends raw bytes, half-closes, and returns every response the server wrote before closing. */
export function rawExchange(
  url: string,
  bytes: string | Buffer,
): Promise<{ status: number; body: string }[]> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const responses: { status: number; body: string }[] = [];
      const pattern = /HTTP\/1\.1 (\d{3})[^\r\n]*\r\n([\s\S]*?)\r\n\r\n/g;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        const length = Number(/content-length: *(\d+)/i.exec(match[2])?.[1] ?? 0);
        const start = match.index + match[0].length;
        responses.push({ status: Number(match[1]), body: text.slice(start, start + length) });
        pattern.lastIndex = start + length;
      }
      resolve(responses);
    };
    const timer = setTimeout(finish, 3_000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', finish);
    socket.on('error', () => {});
    socket.end(bytes);
  });
}
