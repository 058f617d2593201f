// The provider detectors, known to the generic rules without importing them (the URL and
// name-based checks would otherwise import each other): a value that is a provider's token is
// reported once, by the provider's rule, never again as a generic password.
import type { SecretDetector } from './detector';

const providers: SecretDetector[] = [];

export function registerProviders(detectors: readonly SecretDetector[]): void {
  for (const detector of detectors) if (!providers.includes(detector)) providers.push(detector);
}

/**
 * Token shapes that end in a checksum (GitHub's `ghp_…`, npm's `npm_…`). A value of this exact
 * shape is the provider rule's to judge: when its checksum fails, it is a mangled or made-up
 * look-alike, not a secret for the name-based rules to report under `GITHUB_TOKEN`.
 */
const CHECKSUMMED_SHAPE = /^(?:gh[pousr]|npm)_[A-Za-z0-9]{36}$/;

/**
 * Whether some provider detector (other than `except`) finds a secret in the value — or, given
 * the name it is bound to, in `name = "value"` (AWS secret keys and Twilio auth tokens are
 * recognised by their name) — or the value has a checksummed provider shape, valid or not.
 */
export function matchesProviderFormat(value: string, options: { name?: string; except?: SecretDetector } = {}): boolean {
  if (CHECKSUMMED_SHAPE.test(value.trim())) return true;
  const texts = options.name === undefined ? [value] : [value, `${options.name}="${value}"`];
  return providers.some((detector) => detector !== options.except && texts.some((text) => detector.scan(text).length > 0));
}
