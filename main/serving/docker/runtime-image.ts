import { createHash, type Hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { listFilesRecursive, pathExists } from '../../common/files.js';
import { PodiumError } from '../../contract/errors.js';
import { type BaseImage, imageExists, SERVICE_UID } from './base-image.js';
import { followProgress } from './engine.js';
import { LABEL } from './labels.js';
import { EXCLUDED_FROM_IMAGE, productionModules } from './production-modules.js';
import { type TarWriter, uploadTar } from './tar-writer.js';

export const RUNTIME_REPOSITORY = 'podium/runtime';
export const DEPENDENCIES_REPOSITORY = 'podium/runtime-deps';

/** Bumped when the image layout below changes, so old images are not reused. */
const LAYOUT = 'podium-runtime-image/2';

/** Debugging aids the service never loads. */
function skipDist(relative: string): boolean {
  return relative.endsWith('.map');
}

export type RuntimeImage = {
  ref: string;
  /** The image under it holding node_modules; rebuilt only when the dependencies change. */
  dependenciesRef: string;
  built: boolean;
  /** Production packages copied into /app/node_modules. */
  modules: number;
};

export type RuntimeImageOptions = {
  /** The project root (PACKAGE_ROOT): holds dist/, config/, package.json and node_modules/. */
  root: string;
  base: BaseImage;
  exclude?: readonly string[];
  onLine?: (line: string) => void;
};

/**
 * The image every model image builds FROM: Node, Podium's compiled main code and its production
 * packages under /app. It is two images: the production node_modules (~350 MB, tagged by a
 * hash of the base image and the lock file) and on top of it the compiled code and config
 * defaults (~1 MB, tagged by their hash), so rebuilding Podium re-sends a megabyte, not the
 * dependencies.
 */
export async function ensureRuntimeImage(
  docker: Dockerode,
  options: RuntimeImageOptions,
): Promise<RuntimeImage> {
  const { root } = options;
  const entry = join(root, 'dist', 'main', 'serving', 'service-main.js');
  if (!(await pathExists(entry))) {
    throw new PodiumError('NOT_FOUND', `Podium is not built (${entry} is missing): run npm run build`, {
      path: entry,
    });
  }
  const modules = await productionModules(root, options.exclude ?? EXCLUDED_FROM_IMAGE);

  const dependencies = await ensureImage(docker, {
    repository: DEPENDENCIES_REPOSITORY,
    kind: 'runtime-deps',
    from: options.base.ref,
    onLine: options.onLine,
    hash: async (hash) => {
      for (const file of ['package.json', 'package-lock.json']) {
        if (await pathExists(join(root, file))) add(hash, file, await readFile(join(root, file)));
      }
      // The lock file pins versions; the list also changes when the exclusions do.
      add(hash, 'modules', modules.map((module) => `${module.path}@${module.version}`).join('\n'));
      add(hash, 'native binaries for', `linux/${process.arch}`);
    },
    fill: async (tar) => {
      await tar.file('app/package.json', join(root, 'package.json'));
      for (const module of modules) {
        // Nested node_modules are copied as modules of their own, and only when production needs them.
        await tar.tree(
          `app/${module.path}`,
          module.dir,
          (relative) => relative === 'node_modules' || isForeignBinary(relative),
        );
      }
    },
    instructions: ['COPY app/ /app/'],
  });

  /*
   * The compiled code is read once, and the same bytes are hashed and shipped: a build of
   * Podium running meanwhile (tsc rewriting dist/) cannot make the image differ from its tag,
   * or change a file's size under the archive.
   */
  const code = await readCode(root);
  const runtime = await ensureImage(docker, {
    repository: RUNTIME_REPOSITORY,
    kind: 'runtime',
    from: dependencies.ref,
    onLine: options.onLine,
    hash: async (hash) => {
      for (const file of code) add(hash, file.path, file.data);
    },
    fill: async (tar) => {
      for (const file of code) await tar.content(`app/${file.path}`, file.data, file.mode);
    },
    instructions: [
      'COPY app/ /app/',
      'WORKDIR /app',
      'ENV NODE_ENV=production',
      // Numeric, so it works with any base image's passwd (node:20-slim calls uid 1000 "node").
      `USER ${SERVICE_UID}:${SERVICE_UID}`,
    ],
  });
  return {
    ref: runtime.ref,
    dependenciesRef: dependencies.ref,
    built: runtime.built || dependencies.built,
    modules: modules.length,
  };
}

type CodeFile = { path: string; data: Buffer; mode: number };

/** dist/main (without the Electron shell and source maps) and the config defaults, in memory: ~1.5 MB. */
async function readCode(root: string): Promise<CodeFile[]> {
  const files: CodeFile[] = [];
  const dist = join(root, 'dist', 'main');
  for (const relative of (await listFilesRecursive(dist)).sort()) {
    if (relative.startsWith('electron/') || skipDist(relative)) continue;
    files.push({ path: `dist/main/${relative}`, data: await readFile(join(dist, relative)), mode: 0o644 });
  }
  files.push({
    path: 'config/config.yaml',
    data: await readFile(join(root, 'config', 'config.yaml')),
    mode: 0o644,
  });
  return files;
}

type ImageRecipe = {
  repository: string;
  kind: string;
  from: string;
  hash: (hash: Hash) => Promise<void>;
  fill: (tar: TarWriter) => Promise<void>;
  instructions: string[];
  onLine?: (line: string) => void;
};

/** Builds `FROM + instructions` over a context unless an image with the recipe's content hash exists. */
async function ensureImage(docker: Dockerode, recipe: ImageRecipe): Promise<{ ref: string; built: boolean }> {
  const hash = createHash('sha256');
  add(hash, 'layout', LAYOUT);
  add(hash, 'from', (await docker.getImage(recipe.from).inspect()).Id);
  add(hash, 'instructions', recipe.instructions.join('\n'));
  await recipe.hash(hash);
  const ref = `${recipe.repository}:${hash.digest('hex').slice(0, 16)}`;
  if (await imageExists(docker, ref)) return { ref, built: false };

  const dockerfile = [`FROM ${recipe.from}`, ...recipe.instructions, ''].join('\n');
  const progress = await uploadTar(
    (archive, abortSignal) =>
      docker.buildImage(archive, {
        t: ref,
        rm: true,
        forcerm: true,
        labels: { [LABEL.managed]: 'true', [LABEL.image]: recipe.kind },
        abortSignal,
      }),
    async (tar) => {
      await tar.content('Dockerfile', dockerfile);
      await recipe.fill(tar);
    },
  );
  await followProgress(docker, progress, recipe.onLine);
  await removeOlderImages(docker, recipe.kind, ref);
  return { ref, built: true };
}

function add(hash: Hash, label: string, data: string | Buffer): void {
  hash.update(label);
  hash.update('\0');
  hash.update(data);
  hash.update('\0');
}

/**
 * Earlier builds' images of one kind, removed so each Podium build does not leave hundreds of
 * megabytes behind. One still used by an image or container on top is refused by the engine
 * and stays until then.
 */
async function removeOlderImages(docker: Dockerode, kind: string, keep: string): Promise<void> {
  const images = await docker.listImages({ filters: { label: [`${LABEL.image}=${kind}`] } });
  for (const image of images) {
    if ((image.RepoTags ?? []).includes(keep)) continue;
    await docker
      .getImage(image.Id)
      .remove()
      .catch(() => {});
  }
}

/**
 * Prebuilt native libraries for other platforms, which a package may ship side by side
 * (onnxruntime-node carries Windows, macOS and Linux arm64/x64 builds, about 250 MB of them): the
 * container is Linux on this machine's architecture and needs only that one.
 */
export function isForeignBinary(relative: string): boolean {
  const match = /^bin\/napi-v\d+\/([^/]+)(?:\/([^/]+))?/.exec(relative);
  if (match === null) return false;
  const [, platform, arch] = match;
  if (platform !== 'linux') return true;
  return arch !== undefined && arch !== process.arch;
}
