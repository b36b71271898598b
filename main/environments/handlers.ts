import { podiumVersion } from '../common/versions.js';
import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { DomainHandlers, EnvironmentInfo } from '../contract/index.js';
import type { ExportStores } from '../maintenance/index.js';
import { modelRefs } from '../registry/index.js';
import { approvalSettings, type EnvironmentName, type Workspace } from '../workspace/index.js';
import { type ApprovalStores, approveDecision, listPendingApprovals, rejectDecision } from './approvals.js';
import { type ReleaseTargetStores, releaseVersion } from './release.js';

type Names =
  | 'environment.get'
  | 'environment.switch'
  | 'approvals.list'
  | 'approvals.approve'
  | 'approvals.reject'
  | 'audit.list'
  | 'release.toProd';

/** What the environments' operations need of the API. */
export type EnvironmentHandlerContext = {
  workspace: Workspace;
  actor: string;
  switchEnvironment?: (environment: EnvironmentName) => Promise<EnvironmentInfo>;
  /** Opens prod's workspace, with its own stores, for a release; the caller closes it. */
  openProd: () => { workspace: Workspace; stores: ReleaseTargetStores };
  stores: ApprovalStores & ExportStores;
};

/** What the Settings view shows about the open environment. */
export function environmentInfo(
  context: Pick<EnvironmentHandlerContext, 'workspace' | 'actor' | 'switchEnvironment'>,
): EnvironmentInfo {
  const { workspace } = context;
  const approval = approvalSettings(workspace.config, workspace.environment);
  return {
    environment: workspace.environment,
    workspace: workspace.paths.root,
    podiumVersion: podiumVersion(),
    actor: context.actor,
    requireApproval: approval.requireApproval,
    approvers: approval.approvers,
    approversKey: approval.configKey,
    canSwitch: context.switchEnvironment !== undefined,
  };
}

export function environmentHandlers(context: EnvironmentHandlerContext): DomainHandlers<Names> {
  const { workspace, actor, stores } = context;
  const refs = modelRefs(stores.versions, workspace);
  return {
    'environment.get': defineOperation('environment.get', () => environmentInfo(context)),
    'environment.switch': defineOperation('environment.switch', async ({ environment }) => {
      if (environment === workspace.environment) return environmentInfo(context);
      if (!context.switchEnvironment) {
        throw new PodiumError(
          'CONFLICT',
          'This window was opened on one environment; restart it with --env',
          {
            field: 'environment',
          },
        );
      }
      return context.switchEnvironment(environment);
    }),
    'approvals.list': defineOperation('approvals.list', () => ({
      approvals: listPendingApprovals(stores),
    })),
    'approvals.approve': defineOperation(
      'approvals.approve',
      // A running gateway follows the registry's champion, so approving switches its traffic too.
      ({ decisionId, reason: why }) =>
        approveDecision(workspace, stores, { decisionId, approver: actor, reason: why }),
    ),
    'approvals.reject': defineOperation('approvals.reject', ({ decisionId, reason: why }) =>
      rejectDecision(workspace, stores, { decisionId, approver: actor, reason: why }),
    ),
    'audit.list': defineOperation('audit.list', ({ model, limit, details }) => ({
      entries: stores.audit
        .list({ modelName: model === undefined ? undefined : refs.name(model), limit: limit ?? 200 })
        .map(({ details: recorded, ...entry }) => (details ? { ...entry, details: recorded } : entry)),
    })),
    'release.toProd': defineOperation('release.toProd', async ({ model, version, reason: why }) => {
      if (workspace.environment !== 'dev') {
        throw new PodiumError(
          'USAGE',
          `A release copies from dev; this session has ${workspace.environment} open (in the app, switch to dev; on the command line, run it without --env ${workspace.environment})`,
          {
            field: 'environment',
          },
        );
      }
      let target: Workspace | null = null;
      try {
        const prod = context.openProd();
        target = prod.workspace;
        return await releaseVersion({
          source: workspace,
          target,
          stores: { source: stores, target: prod.stores },
          version: refs.version({ model, version }),
          actor,
          reason: why,
        });
      } finally {
        target?.close();
      }
    }),
  };
}
