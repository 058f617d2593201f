import type { FileRule } from '../../engine/file-rule';
import { honouringZizmor } from '../../workflows/zizmor';
import unpinnedAction from './unpinned-action';
import dangerousTriggerCheckout from './dangerous-trigger-checkout';
import templateInjection from './template-injection';
import excessivePermissions from './excessive-permissions';
import pypiTokenPublishing from './pypi-token-publishing';
import checkoutPersistedCredentials from './checkout-persisted-credentials';
import unpinnedInstallInReleaseJob from './unpinned-install-in-release-job';
import malformedWorkflow from './malformed-workflow';
import compromisedAction from './compromised-action';
import cachePoisoning from './cache-poisoning';

/** The GitHub Actions rules; each honours `# zizmor: ignore[audit]` for its matching zizmor audit. */
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
  cachePoisoning,
].map(honouringZizmor);
