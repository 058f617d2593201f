// Handler parameters that arrive converted, not as text: a number, a UUID, a date, an enum
// member or one of a literal's values cannot carry an injection into any sink. FastAPI converts
// each parameter to its annotation (`item_id: int`, `Optional[uuid.UUID]`), Flask a route
// parameter with a converter (`/items/<int:item_id>`).
import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from '../semantic/model';

const SCALAR_TYPES = new Set([
  ...['int', 'float', 'bool', 'complex'].flatMap((name) => [name, `builtins.${name}`]),
  'uuid.UUID',
  'datetime.date',
  'datetime.datetime',
  'datetime.time',
  'datetime.timedelta',
  'decimal.Decimal',
  'ipaddress.IPv4Address',
  'ipaddress.IPv6Address',
  ...['UUID1', 'UUID3', 'UUID4', 'UUID5', 'PositiveInt', 'NegativeInt', 'NonNegativeInt', 'NonPositiveInt', 'PositiveFloat', 'NegativeFloat', 'NonNegativeFloat', 'NonPositiveFloat', 'StrictInt', 'StrictFloat', 'StrictBool', 'FiniteFloat', 'PastDate', 'FutureDate', 'AwareDatetime', 'NaiveDatetime', 'IPvAnyAddress'].flatMap((name) => [`pydantic.${name}`, `pydantic.types.${name}`, `pydantic.networks.${name}`]),
]);
const ENUM_BASES = new Set(['enum.Enum', 'enum.IntEnum', 'enum.StrEnum', 'enum.Flag', 'enum.IntFlag']);
const LITERALS = new Set(['typing.Literal', 'typing_extensions.Literal']);
/** Generics whose first argument is the value's type. */
const FIRST_ARGUMENT = new Set(['typing.Optional', 'typing.Annotated', 'typing_extensions.Annotated']);
/** Generics whose every argument may be the value's type (or its elements' type). */
const EVERY_ARGUMENT = new Set([
  'typing.Union', 'typing.List', 'typing.Set', 'typing.FrozenSet', 'typing.Tuple', 'typing.Sequence',
  ...['list', 'set', 'frozenset', 'tuple'].flatMap((name) => [name, `builtins.${name}`]),
]);
const MAX_DEPTH = 8;

/** Whether a parameter's annotation (its `type` node) makes every value of it a scalar. */
export function scalarAnnotation(type: Node, model: SemanticModel, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  switch (type.type) {
    case 'type':
      return type.firstNamedChild !== null && scalarAnnotation(type.firstNamedChild, model, depth + 1);
    case 'none':
      return true;
    case 'binary_operator': {
      const left = type.childForFieldName('left');
      const right = type.childForFieldName('right');
      return type.childForFieldName('operator')?.text === '|' && !!left && !!right && scalarAnnotation(left, model, depth + 1) && scalarAnnotation(right, model, depth + 1);
    }
    case 'identifier':
    case 'attribute': {
      const name = model.resolve(type);
      return (name !== undefined && SCALAR_TYPES.has(name)) || isEnumClass(type, model);
    }
    case 'generic_type': {
      const [name, parameters] = [type.firstNamedChild, type.namedChildren.find((child) => child?.type === 'type_parameter')];
      return !!name && scalarGeneric(resolvedName(name, model), (parameters?.namedChildren ?? []).filter((child): child is Node => child !== null), model, depth);
    }
    case 'subscript': {
      const value = type.childForFieldName('value');
      return !!value && scalarGeneric(resolvedName(value, model), type.childrenForFieldName('subscript').filter((child): child is Node => child !== null), model, depth);
    }
    default:
      return false;
  }
}

/** A generic's qualified name; the model leaves builtins such as `list` unresolved. */
function resolvedName(name: Node, model: SemanticModel): string | undefined {
  const resolved = model.resolve(name);
  if (resolved !== undefined || name.type !== 'identifier' || model.lookup(name.text, name)) return resolved;
  return `builtins.${name.text}`;
}

function scalarGeneric(name: string | undefined, parameters: readonly Node[], model: SemanticModel, depth: number): boolean {
  if (name === undefined || parameters.length === 0) return false;
  if (LITERALS.has(name)) return true;
  if (FIRST_ARGUMENT.has(name)) return scalarAnnotation(parameters[0], model, depth + 1);
  if (EVERY_ARGUMENT.has(name)) return parameters.every((parameter) => parameter.text === '...' || scalarAnnotation(parameter, model, depth + 1));
  return false;
}

/** A class of this file whose bases include an enum (`class Color(str, Enum)`). */
function isEnumClass(name: Node, model: SemanticModel): boolean {
  if (name.type !== 'identifier') return false;
  const binding = model.lookup(name.text, name);
  if (binding?.kind !== 'class') return false;
  const definition = model.nodeAt(binding.start, binding.end)?.parent;
  const bases = definition?.type === 'class_definition' ? definition.childForFieldName('superclasses') : null;
  return (bases?.namedChildren ?? []).some((base) => base !== null && ENUM_BASES.has(model.resolve(base) ?? ''));
}

/** Flask's converters whose values are not text (`path`, `string` and `any` are). */
const SCALAR_CONVERTERS = /<(?:int|float|uuid)(?:\([^)>]*\))?:(\w+)>/g;

/** The parameters a route decorator's rule converts to numbers or UUIDs (`"/items/<int:item_id>"`). */
export function convertedRouteParameters(decorators: readonly Node[]): Set<string> {
  const names = new Set<string>();
  for (const decorator of decorators) {
    const call = decorator.firstNamedChild;
    const rule = call?.type === 'call' ? call.childForFieldName('arguments')?.firstNamedChild : undefined;
    if (rule?.type !== 'string') continue;
    for (const match of rule.text.matchAll(SCALAR_CONVERTERS)) names.add(match[1]);
  }
  return names;
}
