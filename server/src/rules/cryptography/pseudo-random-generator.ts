import { defineRule } from '../../engine/rule';
import { RANDOM_FUNCTIONS, isFallbackImport, secretName } from './random-sources';

export default defineRule({
  meta: {
    id: 'PW607',
    name: 'pseudo-random-generator',
    title: 'Use of the non-cryptographic random module',
    category: 'cryptography',
    // Bandit B311 (blacklist "random"): LOW severity, HIGH confidence. Strict: most uses of
    // `random` (simulations, sampling, jitter, shuffling test data) are legitimate.
    severity: 'low',
    confidence: 'high',
    cwe: 330,
    bandit: 'B311',
    ruff: 'S311',
    fixable: false,
    profile: 'strict',
    offInTests: true,
    docs: {
      what: 'Finds calls of the `random` module\'s shared generator (`random.random()`, `randint`, `randrange`, `choice`, `choices`, `sample`, `shuffle`, `uniform`, `triangular`, `getrandbits`, `randbytes`) and `random.Random()` instances, for review. Calls whose value is evidently a secret are PW606\'s (recommended profile) and are not reported again here; `random.SystemRandom` is never reported.',
      why: 'The `random` module is a Mersenne Twister: fast and fine for simulations, but predictable — its state can be rebuilt from 624 outputs, after which every value is known. Wherever an attacker gains from guessing a value (tokens, identifiers in URLs, lottery draws, shuffled decks), it must come from `secrets` or `random.SystemRandom`.',
      example: 'import random\n\ninvite = random.randint(0, 10**12)\nwinner = random.choice(entries)',
      safe: 'import secrets\n\ninvite = secrets.randbelow(10**12 + 1)\nwinner = secrets.choice(entries)',
      references: [
        'https://cwe.mitre.org/data/definitions/330.html',
        'https://docs.python.org/3/library/random.html',
        'https://docs.python.org/3/library/secrets.html',
      ],
    },
  },
  // The same reading as PW606 (a call gets one of the two findings).
  reads: ['function', 'module'],
  calls: ['random.Random', ...RANDOM_FUNCTIONS.map((name) => `random.${name}`)],

  checkCall(call, context) {
    if (call.qualifiedName === 'random.Random') {
      context.report(call.node, {
        message: `\`${call.callee.text}()\` is a predictable generator: fine for simulations, never for secrets; use \`secrets\` for those.`,
      });
      return;
    }
    // PW606 reports the secrets; one finding per call.
    if (secretName(call, context) || isFallbackImport(call, context)) return;
    context.report(call.node, {
      message: `\`${call.callee.text}\` is predictable: fine for simulations and jitter; use \`secrets\` if a guessed value would matter.`,
    });
  },
});
