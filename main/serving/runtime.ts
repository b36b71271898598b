import { SupervisedService } from './process-runtime.js';
import type { ServiceHandle, ServiceSpec } from './service-spec.js';

/** Where model services run: child processes, or containers on a local Docker engine. */
export type Runtime = {
  readonly name: 'process' | 'docker';
  start(spec: ServiceSpec): Promise<ServiceHandle>;
  /** Services left running by an earlier Podium (containers survive it); processes do not. */
  adopt(): Promise<ServiceHandle[]>;
};

export class ProcessRuntime implements Runtime {
  readonly name = 'process' as const;

  async start(spec: ServiceSpec): Promise<ServiceHandle> {
    const service = new SupervisedService(spec);
    try {
      await service.start();
    } catch (error) {
      await service.stop();
      throw error;
    }
    return service;
  }

  async adopt(): Promise<ServiceHandle[]> {
    // Child processes die with their parent's process group or are orphaned without a
    // supervisor; there is nothing safe to adopt.
    return [];
  }
}
