import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';

/** Hub downloads and where each takes its repository id: [position, keyword]. */
const REPO_ARGUMENT: [RegExp, number, string][] = [
  [/^(transformers|diffusers)\..*\.from_pretrained$/, 0, 'pretrained_model_name_or_path'],
  [/^transformers\.pipeline$/, 1, 'model'],
  [/^datasets\.load_dataset$/, 0, 'path'],
  [/^huggingface_hub\.(.*\.)?(hf_hub_download|snapshot_download)$/, 0, 'repo_id'],
];

/** A commit hash: the only revision whose content cannot change after review. */
const COMMIT = /^[0-9a-f]{7,40}$/i;
/** A local directory or file rather than a Hub repository id. */
const LOCAL_PATH = /^(?:\.{0,2}[/\\]|~|[A-Za-z]:[\\/]|\.\.?$)/;
/** `load_dataset` builders that read local or given files, not a Hub repository. */
const PACKAGED_BUILDERS = new Set(['csv', 'json', 'parquet', 'text', 'arrow', 'pandas', 'imagefolder', 'audiofolder', 'videofolder', 'webdataset', 'sql', 'generator', 'xml', 'pdffolder', 'niftifolder']);
/** Calls that build a filesystem path: their result is a local path. */
const PATH_BUILDERS = new Set(['os.path.join', 'os.path.abspath', 'os.path.expanduser', 'os.path.dirname', 'os.path.realpath', 'pathlib.Path', 'pathlib.PurePath', 'os.getcwd']);

export default defineRule({
  meta: {
    id: 'PW204',
    name: 'huggingface-unpinned-download',
    title: 'Hugging Face Hub download not pinned to a commit',
    category: 'code-execution',
    // Bandit B615: MEDIUM/HIGH. Low confidence when the repository id is not a literal (it may be
    // a local directory); calls with `trust_remote_code=True` are left to PW203, which asks for
    // the same pin, and calls whose `revision` is not a literal are not reported.
    severity: 'medium',
    confidence: 'high',
    cwe: 494,
    bandit: 'B615',
    fixable: false,
    docs: {
      what: 'Finds Hugging Face Hub downloads without `revision=` set to a commit hash: `from_pretrained` of `transformers` and `diffusers` classes, `transformers.pipeline(model=…)`, `datasets.load_dataset` and `huggingface_hub.hf_hub_download` / `snapshot_download`. A branch or tag name (`"main"`, `"v1.0"`) is not a pin. Local paths and `local_files_only=True` are not reported.',
      why: 'Without a pinned commit, every run downloads whatever the repository holds at that moment. Anyone who can push to it (its owner, a collaborator, whoever takes over the account or token) can replace weights, tokenizer, configuration or dataset files, and tags and branches can be moved to other content. Pickle-based weights (`pytorch_model.bin`) run code when loaded, and even safe formats can be swapped for a backdoored model. A commit hash names one immutable snapshot that can be reviewed once.',
      example: 'from transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("some-org/sentiment")\nmodel = AutoModelForSequenceClassification.from_pretrained("some-org/sentiment", revision="v2.0")',
      safe: 'from transformers import AutoModelForSequenceClassification\n\n# The commit shown under "Files and versions" on the Hub, or HfApi().model_info(repo_id).sha\nREVISION = "5f8c2e4b1a9d7c3e6f0b2a4d8c1e3f5a7b9d0c2e"\nmodel = AutoModelForSequenceClassification.from_pretrained("some-org/sentiment", revision=REVISION)',
      references: [
        'https://cwe.mitre.org/data/definitions/494.html',
        'https://huggingface.co/docs/huggingface_hub/en/guides/download#from-specific-version',
        'https://huggingface.co/docs/transformers/main_classes/model#transformers.PreTrainedModel.from_pretrained',
      ],
    },
  },
  calls: [
    'transformers.**.from_pretrained',
    'diffusers.**.from_pretrained',
    'transformers.pipeline',
    'datasets.load_dataset',
    'huggingface_hub.hf_hub_download',
    'huggingface_hub.snapshot_download',
    'huggingface_hub.**.hf_hub_download',
    'huggingface_hub.**.snapshot_download',
  ],

  checkCall(call, context) {
    const name = call.qualifiedName!;
    const entry = REPO_ARGUMENT.find(([pattern]) => pattern.test(name));
    if (!entry) return;
    if (isTrue(call.keyword('local_files_only')?.value, context)) return;
    if (isTrue(call.keyword('trust_remote_code')?.value, context)) return; // PW203 asks for the pin
    const repo = call.argument(entry[1], entry[2]);
    if (!repo) return; // pipeline("task") without a model: the library pins its defaults itself
    const revision = call.keyword('revision') ?? call.keyword('commit_id');
    if (!revision && call.hasStarKwargs) return; // it may be in **kwargs
    let pinnedTo: string | undefined;
    if (revision) {
      const value = context.model.literal(revision.value)?.value;
      // `revision=None` is the default branch; anything else not literal is decided at run time.
      if (typeof value !== 'string') {
        if (value !== null) return;
      } else if (COMMIT.test(value)) {
        return;
      } else {
        pinnedTo = value;
      }
    }
    const source = repositoryOf(repo.value, name, context);
    if (source.local) return;
    const what = name.startsWith('datasets.') ? 'dataset' : name.endsWith('_download') ? 'repository' : 'model';
    const callee = call.callee.text;
    const where = source.id ? `\`${source.id}\`` : `The ${what} in \`${repo.value.text}\``;
    context.report(call.node, {
      message:
        pinnedTo !== undefined
          ? `${where} is downloaded at \`${pinnedTo}\`, a movable branch or tag; pin \`revision=\` to a commit hash.`
          : `${where} is downloaded at whatever its branch holds, so pushers choose what loads; pin \`revision=\` to a commit.`,
      confidence: source.id ? undefined : 'low',
    });
  },
});

function isTrue(node: Node | undefined, context: RuleContext): boolean {
  return !!node && context.model.literal(node)?.value === true;
}

/** The repository id when it is a literal Hub id; `local` for paths; neither when unknown. */
function repositoryOf(node: Node, callName: string, context: RuleContext): { id?: string; local?: boolean } {
  const value = context.model.literal(node)?.value;
  if (typeof value === 'string') {
    if (LOCAL_PATH.test(value)) return { local: true };
    if (callName.startsWith('datasets.') && PACKAGED_BUILDERS.has(value)) return { local: true };
    return { id: value };
  }
  if (isPathExpression(node, context, 0)) return { local: true };
  return {};
}

/** A path built in code: `os.path.join(...)`, `Path(...)`, `base / "model"`, an f-string starting with `./` or `/`. */
function isPathExpression(node: Node, context: RuleContext, depth: number): boolean {
  if (depth > 3) return false;
  switch (node.type) {
    case 'call': {
      const fn = node.childForFieldName('function');
      const name = fn ? context.model.resolve(fn) : undefined;
      return name !== undefined && (PATH_BUILDERS.has(name) || name.startsWith('pathlib.'));
    }
    case 'binary_operator':
      return node.childForFieldName('operator')?.type === '/';
    case 'string': {
      const first = node.namedChildren.find((c) => c?.type === 'string_content' || c?.type === 'interpolation');
      return first?.type === 'string_content' && LOCAL_PATH.test(first.text);
    }
    case 'identifier': {
      const value = context.model.assignedValue(node);
      return !!value && isPathExpression(value, context, depth + 1);
    }
    default:
      return false;
  }
}
