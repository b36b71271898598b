import { createServer } from 'node:net';

function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first port at or above `start` that nothing listens on, skipping ones already handed out. */
export async function findFreePort(
  host: string,
  start: number,
  taken: Set<number> = new Set(),
): Promise<number> {
  for (let port = start; port < Math.min(start + 1000, 65536); port++) {
    if (!taken.has(port) && (await isFree(host, port))) return port;
  }
  throw new Error(`No free port on ${host} between ${start} and ${start + 999}`);
}
