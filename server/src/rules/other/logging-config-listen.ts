import { defineRule } from '../../engine/rule';

export default defineRule({
  meta: {
    id: 'PW905',
    name: 'logging-config-listen',
    title: 'logging.config.listen without verify',
    category: 'other',
    // Bandit's defaults for B612 (medium, high).
    severity: 'medium',
    confidence: 'high',
    cwe: 94,
    bandit: 'B612',
    ruff: 'S612',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `logging.config.listen(...)` called without a `verify` function (or with `verify=None`).',
      why: '`logging.config.listen` starts a socket server that accepts logging configurations and applies them with `dictConfig` / `fileConfig`. A configuration can name any importable callable as a handler, filter or formatter factory (`"()": "os.system"`) and pass it arguments, so whoever can connect to the port — any local user or process, or anyone who reaches it through a forwarded port or an SSRF — runs code as this process. A `verify` function that checks a signature (or decrypts with a shared key) before the configuration is used closes that door.',
      example: 'import logging.config\n\nthread = logging.config.listen(9030)\nthread.start()',
      safe: 'import hashlib\nimport hmac\nimport logging.config\n\ndef verify(data: bytes) -> bytes | None:\n    signature, config = data[:32], data[32:]\n    expected = hmac.new(LOGGING_KEY, config, hashlib.sha256).digest()\n    return config if hmac.compare_digest(signature, expected) else None\n\nthread = logging.config.listen(9030, verify=verify)\nthread.start()',
      references: [
        'https://cwe.mitre.org/data/definitions/94.html',
        'https://docs.python.org/3/library/logging.config.html#logging.config.listen',
        'https://docs.python.org/3/library/logging.config.html#security-considerations',
      ],
    },
  },
  calls: ['logging.config.listen'],

  checkCall(call, context) {
    const verify = call.argument(1, 'verify');
    if (verify) {
      const literal = context.model.literal(verify.value);
      if (!literal || literal.value !== null) return;
    } else if (call.hasStarArgs || call.hasStarKwargs) {
      return;
    }
    const written = verify ? `\`${call.callee.text}\` with \`verify=None\`` : `\`${call.callee.text}\` without \`verify\``;
    context.report(call.node, {
      message: `${written} runs any configuration sent to its port (code execution); pass a checking \`verify=\`.`,
    });
  },
});
