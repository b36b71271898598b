import type { ServiceStatus, ServicesOverview } from '../contract/index.js';

/**
 * The models served from this process, as the operations steer and read them: one serving
 * session per model (the app's serving hub keeps them). Handlers are given only what they use.
 */
export type ServedModels = {
  start(model: string, options?: { runtime?: 'process' | 'docker'; gatewayPort?: number }): Promise<void>;
  /** Every model when none is named. */
  stop(model?: string): Promise<void>;
  /** Stops one service and lets the session start it again. */
  restart(model: string, version: number): Promise<void>;
  status(): ServicesOverview;
  /** One service by its `<model>:<version>` id; NOT_FOUND when there is none. */
  service(id: string): ServiceStatus;
  services(model?: string): ServiceStatus[];
  /** Live log lines of a service run here, or null when it is not. */
  liveLogs(model: string, version: number, lines: number): Promise<string | null>;
  gatewayUrl(model: string): string | null;
  runningModels(): string[];
};
