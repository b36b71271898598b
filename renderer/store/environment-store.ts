import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type {
  AuditEntryView,
  EnvironmentInfo,
  EnvironmentName,
  PendingApprovalView,
  PodiumClient,
  ReleaseView,
} from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';

export type EnvironmentState = {
  info: Remote<EnvironmentInfo>;
  approvals: Remote<{ approvals: PendingApprovalView[] }>;
  audit: Remote<{ entries: AuditEntryView[] }>;
  /** The environment being switched to, while the switch runs. */
  switchingTo: EnvironmentName | null;
  busy: boolean;
  actionError: PodiumErrorData | null;
  lastMessage: string | null;
  load(): Promise<void>;
  /** Resolves true once the other environment is open (the caller reloads every view). */
  switchTo(environment: EnvironmentName): Promise<boolean>;
  answer(decisionId: number, verdict: 'approve' | 'reject', reason: string): Promise<void>;
  release(model: string, version: number, reason: string): Promise<ReleaseView | null>;
};

/** The other environment: dev ↔ prod. */
export function otherEnvironment(environment: EnvironmentName): EnvironmentName {
  return environment === 'prod' ? 'dev' : 'prod';
}

/** Why this user cannot answer approvals here, or null when they can. */
export function approvalBlocker(info: EnvironmentInfo): string | null {
  if (!info.requireApproval) return null;
  if (info.approvers.length === 0)
    return `Nobody may approve yet: set ${info.approversKey} in config.local.yaml.`;
  if (!info.approvers.includes(info.actor))
    return `You act as ${info.actor}, who is not in ${info.approversKey} (${info.approvers.join(', ')}).`;
  return null;
}

export function createEnvironmentStore(client: PodiumClient) {
  return createStore<EnvironmentState>()((set, get) => ({
    info: idle(),
    approvals: idle(),
    audit: idle(),
    switchingTo: null,
    busy: false,
    actionError: null,
    lastMessage: null,
    async load() {
      set({ info: loading(get().info), approvals: loading(get().approvals), audit: loading(get().audit) });
      const [info, approvals, audit] = await Promise.all([
        client.sendCatch('environment.get', {}),
        client.sendCatch('approvals.list', {}),
        client.sendCatch('audit.list', { limit: 50 }),
      ]);
      set({
        info: settle(get().info, info),
        approvals: settle(get().approvals, approvals),
        audit: settle(get().audit, audit),
      });
    },
    async switchTo(environment) {
      set({ switchingTo: environment, actionError: null, lastMessage: null });
      const result = await client.sendCatch('environment.switch', { environment });
      if (result.error !== undefined) {
        set({ switchingTo: null, actionError: result.error });
        return false;
      }
      set({ switchingTo: null, info: settle(get().info, result) });
      return true;
    },
    async answer(decisionId, verdict, reason) {
      set({ busy: true, actionError: null, lastMessage: null });
      const input = reason === '' ? { decisionId } : { decisionId, reason };
      const result = await client.sendCatch(
        verdict === 'approve' ? 'approvals.approve' : 'approvals.reject',
        input,
      );
      if (result.error !== undefined) {
        set({ busy: false, actionError: result.error });
        return;
      }
      const answer = result.data;
      set({
        busy: false,
        lastMessage:
          answer.verdict === 'approved'
            ? `Approved decision #${answer.decisionId}: ${answer.modelName} v${answer.challengerVersion} is the champion.`
            : `Rejected decision #${answer.decisionId}: the champion stays as it is.`,
      });
      await get().load();
    },
    async release(model, version, reason) {
      set({ busy: true, actionError: null, lastMessage: null });
      const result = await client.sendCatch('release.toProd', { model, version, reason });
      if (result.error !== undefined) {
        set({ busy: false, actionError: result.error });
        return null;
      }
      const report = result.data;
      set({
        busy: false,
        lastMessage: `Released ${report.model} v${report.source.version} to prod as v${report.version} (${report.stage}); package ${report.packageSha256.slice(0, 12)} verified.`,
      });
      await get().load();
      return report;
    },
  }));
}

export type EnvironmentStore = ReturnType<typeof createEnvironmentStore>;
