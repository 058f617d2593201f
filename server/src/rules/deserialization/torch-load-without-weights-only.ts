import { defineRule } from '../../engine/rule';

/** What turning full unpickling off breaks. */
const TORCH_CHANGE = 'checkpoints holding objects other than tensors stop loading';

export default defineRule({
  meta: {
    id: 'PW105',
    name: 'torch-load-without-weights-only',
    title: 'torch.load without weights_only=True',
    category: 'deserialization',
    // Bandit's defaults for B614 (medium, high). Per finding: an explicit `weights_only=False`
    // is high (it turns off the safe default of PyTorch >= 2.6); a missing argument keeps
    // medium with medium confidence, since it is only unsafe on PyTorch < 2.6.
    severity: 'medium',
    confidence: 'high',
    cwe: 502,
    bandit: 'B614',
    fixable: true,
    fixApplicability: ['safe', 'unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `torch.load` called with `weights_only=False`, or without `weights_only` (unsafe on PyTorch before 2.6).',
      why: 'A PyTorch checkpoint is a zip of pickles. With `weights_only=False` (the default before PyTorch 2.6) `torch.load` runs the full unpickler, so a crafted `.pt` / `.pth` / `.bin` file — a model downloaded from a hub, a checkpoint in a shared bucket — executes arbitrary code the moment it is loaded, before any weight is used. `weights_only=True` restricts the unpickler to tensors, primitive types and classes you explicitly allow.',
      example: 'import torch\n\nstate = torch.load("checkpoints/model.pt", map_location="cpu")\nmodel.load_state_dict(torch.load(path, weights_only=False))',
      safe: 'import torch\n\nstate = torch.load("checkpoints/model.pt", map_location="cpu", weights_only=True)\n# Extra classes the checkpoint needs must be allowed explicitly:\ntorch.serialization.add_safe_globals([TrainingConfig])\n# Or store weights as safetensors:\nfrom safetensors.torch import load_file\nstate = load_file("checkpoints/model.safetensors")',
      references: [
        'https://cwe.mitre.org/data/definitions/502.html',
        'https://pytorch.org/docs/stable/generated/torch.load.html',
        'https://pytorch.org/docs/stable/notes/serialization.html#weights-only',
        'https://github.com/huggingface/safetensors',
      ],
    },
  },
  calls: ['torch.load', 'torch.serialization.load'],

  checkCall(call, context) {
    const callee = call.callee.text;
    const weightsOnly = call.keyword('weights_only');
    const literal = weightsOnly ? context.model.literal(weightsOnly.value) : undefined;
    // `weights_only=None` means the version's default, like leaving it out.
    if (!weightsOnly || literal?.value === null) {
      // `weights_only` may be among the `**kwargs`.
      if (!weightsOnly && call.hasStarKwargs) return;
      context.report(call.node, {
        message: `\`${callee}\` without \`weights_only=True\` lets a malicious model file run code (PyTorch < 2.6); pass \`weights_only=True\`.`,
        severity: 'medium',
        confidence: 'medium',
        fix: (fixer) => [fixer.safe(weightsOnly ? 'Set weights_only=True' : 'Add weights_only=True', fixer.setKeyword(call, 'weights_only', 'True'))],
      });
      return;
    }
    if (literal?.value) return;
    if (literal !== undefined) {
      context.report(call.node, {
        message: `\`weights_only=${weightsOnly.value.text}\` lets a malicious model file run code when loaded; use \`weights_only=True\` or safetensors.`,
        severity: 'high',
        confidence: 'high',
        fix: (fixer) => [fixer.unsafe('Set weights_only=True', TORCH_CHANGE, fixer.replace(weightsOnly.value, 'True'))],
      });
      return;
    }
    context.report(call.node, {
      message: `\`weights_only=${weightsOnly.value.text}\`: if false, a malicious model file runs code when loaded; pass \`weights_only=True\`.`,
      severity: 'medium',
      confidence: 'low',
      fix: (fixer) => [fixer.unsafe('Set weights_only=True', TORCH_CHANGE, fixer.replace(weightsOnly.value, 'True'))],
    });
  },
});
