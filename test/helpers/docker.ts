import { createServer } from 'node:net';
import type Dockerode from 'dockerode';
import { workspaceFilter } from '../../main/serving/docker/index.js';

/** A port nothing listens on right now, picked by the OS on 127.0.0.1. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Every container and image labelled with a test's workspace, removed whatever state they are in. */
export async function removeWorkspaceObjects(docker: Dockerode, workspaceId: string): Promise<void> {
  const filters = workspaceFilter(workspaceId);
  // A container the engine is restarting (restart policy) can refuse removal or come back
  // between list and remove: ask again until none is left.
  for (let attempt = 0; attempt < 20; attempt++) {
    const containers = await docker.listContainers({ all: true, filters });
    if (containers.length === 0) break;
    for (const container of containers) {
      await docker
        .getContainer(container.Id)
        .remove({ force: true })
        .catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  for (const image of await docker.listImages({ filters })) {
    await docker
      .getImage(image.Id)
      .remove({ force: true })
      .catch(() => {});
  }
}
