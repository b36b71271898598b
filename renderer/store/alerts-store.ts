import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type { Alert, AlertSeverity, AlertStatus, PodiumClient } from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';
import type { Tone } from './tone.js';

export function severityTone(severity: AlertSeverity): Tone {
  return severity === 'critical' ? 'bad' : severity === 'warning' ? 'warn' : 'info';
}

/** A raised alert replaces the listed one with the same id (it repeats and counts up) or goes on top. */
export function upsertAlert(alerts: Alert[], alert: Alert): Alert[] {
  const index = alerts.findIndex((known) => known.id === alert.id);
  if (index === -1) return [alert, ...alerts];
  return alerts.map((known) => (known.id === alert.id ? alert : known));
}

export function openCount(alerts: Alert[]): number {
  return alerts.filter((alert) => alert.status === 'open').length;
}

export type AlertsState = {
  alerts: Remote<Alert[]>;
  status: AlertStatus | 'all';
  acknowledgeError: PodiumErrorData | null;
  load(): Promise<void>;
  setStatus(status: AlertStatus | 'all'): Promise<void>;
  acknowledge(id: number): Promise<void>;
  attach(): () => void;
};

export function createAlertsStore(client: PodiumClient) {
  return createStore<AlertsState>()((set, get) => ({
    alerts: idle(),
    status: 'all',
    acknowledgeError: null,
    async load() {
      const status = get().status;
      set({ alerts: loading(get().alerts) });
      const result = await client.sendCatch(
        'alerts.list',
        status === 'all' ? { limit: 200 } : { status, limit: 200 },
      );
      set({ alerts: settle(get().alerts, result) });
    },
    async setStatus(status) {
      set({ status });
      await get().load();
    },
    async acknowledge(id) {
      set({ acknowledgeError: null });
      const result = await client.sendCatch('alerts.acknowledge', { id });
      if (result.error !== undefined) {
        set({ acknowledgeError: result.error });
        return;
      }
      const alerts = get().alerts;
      set({ alerts: { ...alerts, data: upsertAlert(alerts.data ?? [], result.data) } });
    },
    attach() {
      return client.listen('alert.raised', (event) => {
        const alerts = get().alerts;
        set({ alerts: { ...alerts, data: upsertAlert(alerts.data ?? [], event.alert) } });
      });
    },
  }));
}

export type AlertsStore = ReturnType<typeof createAlertsStore>;
