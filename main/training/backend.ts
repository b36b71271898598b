import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { PodiumError } from '../contract/errors.js';

/** The TensorFlow.js namespace every training and serving module must share. */
export type Tf = typeof import('@tensorflow/tfjs');

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

const BACKEND_ENV = 'PODIUM_TF_BACKEND';
const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/*
 * tfjs-node is optional and is not a compile-time dependency, so its specifier is kept in a
 * variable: TypeScript must not try to resolve it, and a missing package is a runtime fact.
 */
const TFJS_NODE = '@tensorflow/tfjs-node';

type Selection = { tf: Tf; backend: string };

let selection: Promise<Selection> | undefined;

/**
 * Picks the fastest available TensorFlow.js backend once per process (native libtensorflow
 * through tfjs-node, else WebAssembly, else plain JavaScript) and returns its name.
 * `PODIUM_TF_BACKEND=tensorflow|wasm|cpu` forces one; a forced backend that cannot start is an
 * error rather than a silent fallback, because the user asked for it by name.
 */
export async function selectBackend(): Promise<string> {
  return (await select()).backend;
}

/**
 * The tfjs namespace the selected backend is registered with. Import tfjs through this, never
 * with `import '@tensorflow/tfjs'` directly: when tfjs-node is installed its backend lives in
 * the tfjs instance tfjs-node loads, which need not be the one a direct import resolves to.
 */
export async function getTf(): Promise<Tf> {
  return (await select()).tf;
}

function select(): Promise<Selection> {
  selection ??= pick();
  return selection;
}

async function pick(): Promise<Selection> {
  const forced = forcedBackend();
  if (forced === 'tensorflow') {
    const loaded = await importTfjsNode();
    if ('error' in loaded) {
      throw unavailable('tensorflow', `@tensorflow/tfjs-node could not be loaded: ${loaded.error}`);
    }
    if (!(await activate(loaded.tf, 'tensorflow'))) {
      throw unavailable('tensorflow', 'the native TensorFlow backend failed to start');
    }
    return { tf: loaded.tf, backend: loaded.tf.getBackend() };
  }
  if (forced === undefined) {
    // Installed but broken (e.g. its libtensorflow download failed) counts as absent.
    const loaded = await importTfjsNode();
    if ('tf' in loaded && (await activate(loaded.tf, 'tensorflow'))) {
      return { tf: loaded.tf, backend: loaded.tf.getBackend() };
    }
  }

  const tf: Tf = await import('@tensorflow/tfjs');
  if (forced !== 'cpu') {
    if (await startWasm(tf)) return { tf, backend: tf.getBackend() };
    if (forced === 'wasm') throw unavailable('wasm', 'the WebAssembly backend failed to start');
  }
  if (!(await activate(tf, 'cpu'))) throw unavailable('cpu', 'the JavaScript backend failed to start');
  return { tf, backend: tf.getBackend() };
}

function forcedBackend(): BackendName | undefined {
  const value = process.env[BACKEND_ENV]?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  const name = BACKEND_NAMES.find((candidate) => candidate === value);
  if (name === undefined) {
    throw new PodiumError(
      'CONFIG_INVALID',
      `${BACKEND_ENV}="${process.env[BACKEND_ENV]}" is not a TensorFlow.js backend; use one of ${BACKEND_NAMES.join(', ')}`,
      { variable: BACKEND_ENV, value: process.env[BACKEND_ENV] },
    );
  }
  return name;
}

async function importTfjsNode(): Promise<{ tf: Tf } | { error: string }> {
  try {
    // tfjs-node is CommonJS: `default` is its module.exports, which re-exports the whole tfjs
    // namespace it registered the "tensorflow" backend with (plus a file:// aware `io`).
    const module = (await import(TFJS_NODE)) as { default?: Tf } & Partial<Tf>;
    return { tf: module.default ?? (module as Tf) };
  } catch (error) {
    return { error: (error instanceof Error ? error.message : String(error)).split('\n')[0] };
  }
}

async function startWasm(tf: Tf): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The .wasm binaries ship inside the package; pointing at them keeps start-up offline.
    const require = createRequire(import.meta.url);
    const packageDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    wasm.setWasmPaths(join(packageDir, 'dist') + sep);
    return await activate(tf, 'wasm');
  } catch {
    return false;
  }
}

async function activate(tf: Tf, name: BackendName): Promise<boolean> {
  try {
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

function unavailable(name: BackendName, hint: string): PodiumError {
  return new PodiumError('CONFIG_INVALID', `${BACKEND_ENV}=${name} was requested but ${hint}`, {
    variable: BACKEND_ENV,
    value: name,
  });
}
