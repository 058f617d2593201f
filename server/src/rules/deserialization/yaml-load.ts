import { defineRule } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import type { Fixer, Fix } from '../../engine/fixer';
import type { RuleContext } from '../../engine/rule';

const SAFE_LOADERS = new Set(['yaml.SafeLoader', 'yaml.CSafeLoader', 'yaml.BaseLoader', 'yaml.CBaseLoader']);
const UNSAFE_LOADERS = new Set(['yaml.Loader', 'yaml.UnsafeLoader', 'yaml.CLoader', 'yaml.CUnsafeLoader', 'yaml.FullLoader', 'yaml.CFullLoader']);

/** The safe function for each loading function: `yaml.load` → `yaml.safe_load`. */
const SAFE_FUNCTION: Record<string, string> = {
  'yaml.load': 'safe_load',
  'yaml.load_all': 'safe_load_all',
  'yaml.unsafe_load': 'safe_load',
  'yaml.unsafe_load_all': 'safe_load_all',
  'yaml.full_load': 'safe_load',
  'yaml.full_load_all': 'safe_load_all',
};

export default defineRule({
  meta: {
    id: 'PW104',
    name: 'yaml-unsafe-load',
    title: 'YAML loaded with an unsafe loader',
    category: 'deserialization',
    severity: 'high',
    confidence: 'high',
    cwe: 502,
    bandit: 'B506',
    ruff: 'S506',
    fixable: true,
    fixApplicability: ['safe'],
    offInTests: true,
    docs: {
      what: 'Finds `yaml.load` and `yaml.load_all` without a safe `Loader`, and `yaml.unsafe_load` / `yaml.full_load`.',
      why: 'PyYAML\'s full and unsafe loaders build arbitrary Python objects from tags such as `!!python/object/apply:os.system`, so loading a crafted document runs code chosen by whoever wrote it. Configuration files, uploads and API payloads are all attacker-reachable.',
      example: 'import yaml\n\nconfig = yaml.load(request.data)\nsettings = yaml.load(stream, Loader=yaml.Loader)',
      safe: 'import yaml\n\nconfig = yaml.safe_load(request.data)\nsettings = yaml.load(stream, Loader=yaml.SafeLoader)',
      references: [
        'https://cwe.mitre.org/data/definitions/502.html',
        'https://pyyaml.org/wiki/PyYAMLDocumentation',
        'https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation',
      ],
    },
  },
  calls: Object.keys(SAFE_FUNCTION),

  checkCall(call, context) {
    const name = call.qualifiedName!;
    if (name === 'yaml.load' || name === 'yaml.load_all') {
      const loader = call.argument(1, 'Loader');
      if (!loader) {
        if (call.hasStarArgs || call.hasStarKwargs) return;
        report(call, context, `\`${call.callee.text}\` without a Loader builds any object on old PyYAML, running code; use \`yaml.safe_load\`.`);
        return;
      }
      const loaderName = context.model.resolve(loader.value);
      if (loaderName !== undefined && SAFE_LOADERS.has(loaderName)) return;
      if (loaderName !== undefined && UNSAFE_LOADERS.has(loaderName)) {
        const short = loaderName.slice('yaml.'.length);
        report(call, context, `\`Loader=${short}\` lets YAML build any Python object, so untrusted YAML runs code; use \`yaml.safe_load\`.`, loader.value);
        return;
      }
      // A loader of the project's own: most subclass SafeLoader; say so only when unsure.
      if (/safe/i.test(loader.value.text)) return;
      context.report(call.node, {
        message: `\`${call.callee.text}\` with the custom loader \`${loader.value.text}\`: make sure it derives from \`yaml.SafeLoader\`.`,
        severity: 'medium',
        confidence: 'low',
      });
      return;
    }
    report(call, context, `\`${call.callee.text}\` builds any Python object the YAML names, so untrusted YAML runs code; use \`yaml.safe_load\`.`);
  },
});

function report(call: CallSite, context: RuleContext, message: string, loaderValue?: CallSite['callee']): void {
  context.report(call.node, {
    message,
    fix: (fixer) => fixes(call, context, fixer, loaderValue),
  });
}

function fixes(call: CallSite, context: RuleContext, fixer: Fixer, loaderValue?: CallSite['callee']): Fix[] {
  const safeName = SAFE_FUNCTION[call.qualifiedName!];
  const found: Fix[] = [];
  const loaderArgument = call.argument(1, 'Loader');
  // `y.load(x)` → `y.safe_load(x)`, when the call is through the module and has no other arguments.
  if (call.callee.type === 'attribute' && (!loaderArgument || loaderArgument.name === 'Loader') && call.arguments.length <= 2 && !call.hasStarKwargs) {
    const attribute = call.callee.childForFieldName('attribute')!;
    const edits = [fixer.replace(attribute, safeName)];
    if (loaderArgument) edits.push(fixer.removeArgument(call, loaderArgument));
    found.push(fixer.safe(`Use ${safeName}`, edits));
  }
  if (call.qualifiedName === 'yaml.load' || call.qualifiedName === 'yaml.load_all') {
    const spelled = context.model.spell('yaml.SafeLoader', call.node);
    const edits = spelled ? [] : fixer.ensureImport('yaml');
    const safeLoader = spelled ?? 'yaml.SafeLoader';
    edits.push(loaderValue ? fixer.replace(loaderValue, safeLoader) : fixer.addKeyword(call, 'Loader', safeLoader));
    found.push(fixer.safe(`Use Loader=${safeLoader}`, edits, { preferred: found.length === 0 }));
  }
  return found;
}
