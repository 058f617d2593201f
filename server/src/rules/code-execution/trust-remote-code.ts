import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import type { SemanticModel } from '../../engine/semantic/model';

/** Libraries whose loaders download and import Python code from a Hub repository when asked to. */
const HUB_LIBRARIES = ['transformers', 'datasets', 'sentence_transformers', 'huggingface_hub', 'peft', 'diffusers', 'vllm'];
/** The Hub loading entry points, whatever the receiver (`AutoModel.from_pretrained`). */
const HUB_LOADERS = new Set(['from_pretrained', 'pipeline', 'load_dataset']);
/** A commit hash: the only revision whose content cannot change after review. */
const COMMIT = /^[0-9a-f]{7,40}$/i;
/** A local directory rather than a Hub repository id. */
const LOCAL_PATH = /^(?:\.{0,2}\/|~|[A-Za-z]:[\\/]|\.\.?$)/;

export default defineRule({
  meta: {
    id: 'PW203',
    name: 'trust-remote-code',
    title: 'Model loaded with trust_remote_code=True',
    category: 'code-execution',
    // No Bandit or Ruff check (Bandit's B615 is about pinning revisions, not remote code).
    // High: the call imports Python files from a repository other people control. Lowered per
    // finding when the code is pinned to a commit (medium) or loaded from a local path (low).
    severity: 'high',
    confidence: 'high',
    // CWE-494, Download of Code Without Integrity Check: the code is fetched from the Hub and
    // run as it is found there, rather than injected into code of ours (CWE-94).
    cwe: 494,
    fixable: false,
    docs: {
      what: 'Finds calls that pass `trust_remote_code=True` (the literal or a name bound to it), typically Hugging Face `from_pretrained`, `pipeline` and `load_dataset`.',
      why: 'With `trust_remote_code=True`, the loader downloads the Python files of the model or dataset repository (`modeling_*.py`, dataset scripts) and imports them, with the privileges and credentials of the process. Anyone who can push to that repository — its author, a collaborator, whoever compromises the account — decides what runs, and without a pinned `revision` every new push changes it silently.',
      example: 'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("some-org/new-model", trust_remote_code=True)',
      safe: 'from transformers import AutoModelForCausalLM\n\n# Best: a model the library supports natively, no remote code.\nmodel = AutoModelForCausalLM.from_pretrained("some-org/new-model")\n\n# If remote code is really needed: review it, then pin the reviewed commit.\nmodel = AutoModelForCausalLM.from_pretrained(\n    "some-org/new-model",\n    trust_remote_code=True,\n    revision="4f1c2a0e9d7b3c5a8e6f0b1d2c3e4f5a6b7c8d9e",\n)',
      references: [
        'https://cwe.mitre.org/data/definitions/494.html',
        'https://huggingface.co/docs/transformers/custom_models',
        'https://github.com/huggingface/transformers/blob/main/SECURITY.md',
        'https://huggingface.co/docs/datasets/loading',
      ],
    },
  },
  keywords: ['trust_remote_code'],
  // The Hub loaders are also watched for `**settings` holding the flag, which has no keyword to trigger on.
  methods: [...HUB_LOADERS],

  checkCall(call, context) {
    const value = trustRemoteCode(call, context.model);
    if (!value || context.model.literal(value)?.value !== true) return;
    const callee = call.callee.text;
    const name = call.qualifiedName;
    const hubCall =
      (name !== undefined && HUB_LIBRARIES.some((library) => name === library || name.startsWith(`${library}.`))) ||
      (call.methodName !== undefined && HUB_LOADERS.has(call.methodName));
    const confidence = hubCall ? 'high' : 'medium';
    const subject = `\`trust_remote_code=True\``;
    const runs = hubCall
      ? 'runs the model repository\'s code'
      : 'lets the loader run the model repository\'s code';

    const local = localPath(call, context.model);
    if (local !== undefined) {
      context.report(call.node, {
        message: `${subject} runs the Python files of \`${local}\`; make sure they were reviewed.`,
        severity: 'low',
        confidence,
      });
      return;
    }
    const commit = pinnedCommit(call, context.model);
    if (commit !== undefined) {
      context.report(call.node, {
        message: `${subject} ${runs}, pinned to \`${commit.slice(0, 12)}\`; make sure that commit's code was reviewed.`,
        severity: 'medium',
        confidence,
      });
      return;
    }
    context.report(call.node, {
      message: `${subject} ${runs}; drop it, or review it and pin \`revision=\`.`,
      confidence,
    });
  },
});

/**
 * The value given to `trust_remote_code`: the keyword argument, or an entry of a dict literal
 * passed as `**{...}` or through a name assigned once to one (`**settings`).
 */
function trustRemoteCode(call: CallSite, model: SemanticModel): Node | undefined {
  const keyword = call.keyword('trust_remote_code');
  if (keyword) return keyword.value;
  if (!call.hasStarKwargs) return undefined;
  for (const child of call.argumentList?.namedChildren ?? []) {
    if (child?.type !== 'dictionary_splat') continue;
    let dictionary = child.firstNamedChild ?? undefined;
    if (dictionary?.type === 'identifier') dictionary = model.assignedValue(dictionary);
    if (dictionary?.type !== 'dictionary') continue;
    for (const pair of dictionary.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      if (key && value && model.literal(key)?.value === 'trust_remote_code') return value;
    }
  }
  return undefined;
}

/** The commit the code is pinned to: `revision=` (or `code_revision=`) given as a commit hash. */
function pinnedCommit(call: CallSite, model: SemanticModel): string | undefined {
  for (const keyword of ['code_revision', 'revision']) {
    const argument = call.keyword(keyword);
    const value = argument ? model.literal(argument.value)?.value : undefined;
    if (typeof value === 'string' && COMMIT.test(value)) return value;
  }
  return undefined;
}

/** The model or dataset path when it is a literal local directory rather than a Hub id. */
function localPath(call: CallSite, model: SemanticModel): string | undefined {
  const argument =
    call.methodName === 'pipeline'
      ? call.argument(1, 'model') // pipeline(task, model, ...)
      : (call.positional(0) ??
        call.keyword('pretrained_model_name_or_path') ??
        call.keyword('model_name_or_path') ??
        call.keyword('path') ??
        call.keyword('model'));
  const value = argument ? model.literal(argument.value)?.value : undefined;
  return typeof value === 'string' && LOCAL_PATH.test(value) ? value : undefined;
}
