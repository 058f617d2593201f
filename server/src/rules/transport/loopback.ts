// Requests to this machine (`http://localhost`, `127.0.0.1`, `[::1]`): a test or a local tool
// talking to a service beside it. No one on the network path sits between the two, so the
// transport rules report such calls at low severity instead of as risks to the traffic.
import type { CallSite } from '../../engine/sites';
import type { SemanticModel } from '../../engine/semantic/model';

const LOOPBACK_URL = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@?#]*@)?(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?=[:/?#]|$)/i;
/** The opening of a string literal (prefix and quotes) before its text. */
const STRING_OPENING = /^[rRbBfFuU]{0,2}(?:'''|"""|'|")/;

/** Whether a URL (a whole string, or the constant start of an f-string) names this machine. */
export function isLoopbackUrl(url: string): boolean {
  return LOOPBACK_URL.test(url.trim());
}

/**
 * Whether a requests/httpx call goes to this machine: its `url` argument (the second for
 * `request(method, url)`) or an httpx client's `base_url` is a loopback URL, written in the call
 * or in a constant it names. An f-string counts by its constant start (`f"http://127.0.0.1:{port}"`).
 */
export function callsLoopback(call: CallSite, model: SemanticModel): boolean {
  const url = call.keyword('base_url') ?? (call.methodName === 'request' ? call.argument(1, 'url') : call.argument(0, 'url'));
  if (!url) return false;
  const value = model.literal(url.value)?.value;
  if (typeof value === 'string') return isLoopbackUrl(value);
  const opening = url.value.type === 'string' ? STRING_OPENING.exec(url.value.text) : null;
  return opening !== null && isLoopbackUrl(url.value.text.slice(opening[0].length));
}
