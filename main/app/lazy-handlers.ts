import { PodiumError } from '../contract/errors.js';
import type { HandlerTable, OperationName } from '../contract/index.js';
import type { ApiContext } from './api-context.js';
import type { DomainHandlers } from './domain-handlers.js';
import { mergeHandlers } from './merge-handlers.js';

type Loaded = Partial<Record<OperationName, unknown>>;

/**
 * The one operation table, with each domain's handlers built on the first call of one of its
 * operations: a CLI command then loads only the domains it runs (issue 16). The names are checked
 * at once like `mergeHandlers` does (twice or missing is a start-up error); a domain whose module
 * builds other operations than its list names fails its first call with INTERNAL.
 */
export function lazyHandlers(domains: readonly DomainHandlers[], context: ApiContext): HandlerTable {
  const tables = domains.map((domain) => {
    let loading: Promise<Loaded> | null = null;
    const table = (): Promise<Loaded> => {
      loading ??= domain.load(context).then((loaded) => checkedTable(domain, loaded));
      // A failed import is not cached: the next call tries again and reports its own error.
      loading.catch(() => {
        loading = null;
      });
      return loading;
    };
    const stubs: Loaded = {};
    for (const name of domain.operations) {
      stubs[name] = async (input: unknown) => {
        const handler = (await table())[name] as (input: unknown) => Promise<unknown>;
        return handler(input);
      };
    }
    return stubs;
  });
  return mergeHandlers(...tables);
}

/** Every domain's table, built now: for the UI server and tests that want them all up front. */
export async function loadAllHandlers(
  domains: readonly DomainHandlers[],
  context: ApiContext,
): Promise<HandlerTable> {
  const loaded = await Promise.all(
    domains.map(async (domain) => checkedTable(domain, await domain.load(context))),
  );
  return mergeHandlers(...loaded);
}

function checkedTable(domain: DomainHandlers, loaded: Loaded): Loaded {
  const listed = [...domain.operations].sort();
  const built = Object.keys(loaded).sort();
  if (listed.join() !== built.join()) {
    throw new PodiumError(
      'INTERNAL',
      `Domain ${domain.domain} builds operations ${built.join(', ')} but lists ${listed.join(', ')}`,
      { domain: domain.domain, listed, built },
    );
  }
  return loaded;
}
