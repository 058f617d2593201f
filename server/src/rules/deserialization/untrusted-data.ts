// Shared by the deserialization rules: whether the data being loaded was fetched over the network.
import type { SemanticModel } from '../../engine/semantic/model';
import type { CallSite } from '../../engine/sites';
import { containsNetworkContent } from '../code-execution/network-content';

/**
 * Whether the argument at `index` / keyword `name` (the data or file to load) contains content
 * fetched over the network: `pickle.loads(requests.get(url).content)`, `load(urlopen(url))`.
 */
export function loadsNetworkContent(call: CallSite, index: number, name: string, model: SemanticModel): boolean {
  const argument = call.argument(index, name);
  return argument !== undefined && containsNetworkContent(argument.value, model);
}

/** Why loading network content is dangerous, to follow "… downloaded from the network: ". */
export const FROM_NETWORK =
  'whoever controls that server, or can tamper with the connection, chooses the objects that are built and can run arbitrary code on this machine';

/**
 * Whether the data loaded is made on the spot by the matching dump function, directly or
 * through a name assigned once: `pickle.loads(pickle.dumps(x))`, a round trip that
 * deserializes nothing from outside (a copy, or a test of the serializer).
 */
export function isRoundTrip(call: CallSite, index: number, name: string, model: SemanticModel, dumpers: readonly string[]): boolean {
  const argument = call.argument(index, name);
  let value = argument?.value;
  if (value?.type === 'identifier') value = model.assignedValue(value);
  if (value?.type !== 'call') return false;
  const callee = value.childForFieldName('function');
  const dumper = callee ? model.resolve(callee) : undefined;
  return dumper !== undefined && dumpers.includes(dumper);
}
