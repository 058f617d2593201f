import type { FileRule } from '../../engine/file-rule';
import unpinnedAction from './unpinned-action';
import dangerousTriggerCheckout from './dangerous-trigger-checkout';
import templateInjection from './template-injection';
import excessivePermissions from './excessive-permissions';
import pypiTokenPublishing from './pypi-token-publishing';
import checkoutPersistedCredentials from './checkout-persisted-credentials';
import unpinnedInstallInReleaseJob from './unpinned-install-in-release-job';
import malformedWorkflow from './malformed-workflow';
import compromisedAction from './compromised-action';

export const workflowRules: FileRule[] = [
  unpinnedAction,
  dangerousTriggerCheckout,
  templateInjection,
  excessivePermissions,
  pypiTokenPublishing,
  checkoutPersistedCredentials,
  unpinnedInstallInReleaseJob,
  malformedWorkflow,
  compromisedAction,
];
