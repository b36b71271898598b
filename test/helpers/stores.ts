import { createRepositories, type Repositories } from '../../main/app/repositories.js';
import { AlertService, type AlertServiceOptions } from '../../main/monitoring/alerts/index.js';
import type { Workspace } from '../../main/workspace/index.js';

const built = new WeakMap<Workspace, Repositories>();

/** A workspace's stores, built on first use and kept for it, as a session builds them once. */
export function storesOf(workspace: Workspace): Repositories {
  let stores = built.get(workspace);
  if (!stores) {
    stores = createRepositories(workspace);
    built.set(workspace, stores);
  }
  return stores;
}

/** An alert service on the workspace's alert store, logging to its log. */
export function alertServiceFor(workspace: Workspace, options: AlertServiceOptions = {}): AlertService {
  return new AlertService({ store: storesOf(workspace).alerts, logger: workspace.logger }, options);
}
