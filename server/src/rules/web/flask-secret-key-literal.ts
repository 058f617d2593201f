import type { Node } from 'web-tree-sitter';
import { conventionPath, defineRule } from '../../engine/rule';
import type { Fix, Fixer } from '../../engine/fixer';
import type { Level, RuleContext } from '../../engine/rule';
import { environmentFixes } from '../secrets/detectors/environment-fix';
import { isBytesLiteral } from '../secrets/detectors/python-literal';
import { assignmentTrigger, isConfigPath, isDjangoSettings, moduleOf, topLevelAssignment } from './settings';

/** Calls that take settings as keywords: Flask's `config.update` / `from_mapping`, Django's `settings.configure`. */
const CONFIG_METHODS = new Set(['update', 'from_mapping']);
const CONFIGURE = 'django.conf.settings.configure';

export default defineRule({
  meta: {
    id: 'PW811',
    name: 'flask-secret-key-literal',
    title: 'Flask or Django secret key written in the source',
    category: 'web',
    // No Bandit or Ruff rule for this exact check (Bandit B105 / Ruff S105 flag any string assigned
    // to a password-like name). High severity: the key signs sessions, so knowing it means logging
    // in as anyone. High confidence when the receiver is a Flask app or the module is a settings
    // module; medium for other receivers and modules.
    severity: 'high',
    confidence: 'high',
    cwe: 798,
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds a string literal assigned as the application\'s secret key: `app.secret_key = "…"`, `app.config["SECRET_KEY"] = "…"`, `app.config.update(SECRET_KEY="…")` / `from_mapping(...)`, `settings.configure(SECRET_KEY="…")`, and `SECRET_KEY = "…"` at the top level of a module or of a config class. Empty strings are not reported. The finding never shows the key.',
      why: 'Flask signs its session cookie with `SECRET_KEY`, and Django signs sessions, password-reset links and other tokens with it. Anyone who has read the repository — a former contractor, a leaked backup, a public fork — can forge a session cookie for any user, administrators included, and with some serializers run code on the server. Keys in source are also shared by every environment and rarely rotated.',
      example: 'from flask import Flask\n\napp = Flask(__name__)\napp.secret_key = "8f42a73054b1749f8f58848be5e6502c"',
      safe: 'import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\napp.secret_key = os.environ["SECRET_KEY"]',
      references: [
        'https://cwe.mitre.org/data/definitions/798.html',
        'https://flask.palletsprojects.com/en/stable/config/#SECRET_KEY',
        'https://docs.djangoproject.com/en/stable/ref/settings/#secret-key',
        'https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#secret-key',
      ],
    },
  },
  // Whether the module is a settings module (its other top-level assignments).
  reads: ['module'],
  attributes: ['secret_key', 'config'],
  keywords: ['SECRET_KEY'],
  // Triggered by the name's text: only assignments to SECRET_KEY are looked at, not every assignment.
  ...assignmentTrigger('SECRET_KEY'),

  checkAttribute(attribute, context) {
    const name = attribute.childForFieldName('attribute')?.text;
    const object = attribute.childForFieldName('object');
    if (!object) return;
    let target: Node = attribute;
    if (name === 'config') {
      // `app.config["SECRET_KEY"] = "…"`
      const subscript = attribute.parent;
      if (subscript?.type !== 'subscript' || subscript.childForFieldName('value')?.id !== attribute.id) return;
      const key = subscript.childForFieldName('subscript');
      if (!key || context.model.literal(key)?.value !== 'SECRET_KEY') return;
      target = subscript;
    }
    const assignment = target.parent;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.id !== target.id) return;
    const value = assignment.childForFieldName('right');
    if (!value) return;
    report(value, target.text, receiverConfidence(object, context), context);
  },

  checkCall(call, context) {
    const key = call.keyword('SECRET_KEY');
    if (!key) return;
    const written = `${call.callee.text}(SECRET_KEY=…)`;
    if (call.qualifiedName === CONFIGURE) {
      report(key.value, written, 'high', context);
      return;
    }
    const callee = call.callee;
    if (callee.type !== 'attribute' || !CONFIG_METHODS.has(call.methodName ?? '')) return;
    const config = callee.childForFieldName('object');
    if (config?.type !== 'attribute' || config.childForFieldName('attribute')?.text !== 'config') return;
    report(key.value, written, receiverConfidence(config.childForFieldName('object')!, context), context);
  },

  checkNode(node, context) {
    const assignment = topLevelAssignment(node, true);
    if (!assignment || assignment.name.text !== 'SECRET_KEY') return;
    const root = moduleOf(node);
    const settings = isConfigPath(conventionPath(context.file)) || isDjangoSettings(root, node, context) || assignment.inClass;
    // `class TestingConfig(Config): SECRET_KEY = "test"`: a placeholder for a developer's machine.
    const className = assignment.inClass ? node.parent?.parent?.parent?.childForFieldName('name')?.text : undefined;
    const development = className !== undefined && /test|dev|local/i.test(className);
    report(assignment.value, 'SECRET_KEY', development ? 'low' : settings ? 'high' : 'medium', context);
  },
});

/** A Flask app for certain, or some other object with a `secret_key` / `config`. */
function receiverConfidence(object: Node, context: RuleContext): Level {
  const resolved = context.model.resolve(object);
  return resolved === 'flask.Flask()' || resolved === 'flask.current_app' || resolved === 'flask.app.Flask()' ? 'high' : 'medium';
}

function report(value: Node, target: string, confidence: Level, context: RuleContext): void {
  if (value.type !== 'string' && value.type !== 'concatenated_string') return;
  const secret = context.model.literal(value)?.value;
  if (typeof secret !== 'string' || secret.length === 0) return;
  context.report(value, {
    message: `Secret key written in the source: anyone with the code can forge sessions; read it from the environment, rotate it.`,
    confidence,
    fix: (fixer) => environmentFix(value, context, fixer),
  });
}

/**
 * "Read from environment" (`os.environ["SECRET_KEY"]`) and, in a project, "Move to .env": the
 * secrets rules' fixes, unsafe since the application no longer starts until the variable is set.
 */
function environmentFix(value: Node, context: RuleContext, fixer: Fixer): Fix[] {
  const secret = context.model.literal(value)?.value;
  if (typeof secret !== 'string') return [];
  return environmentFixes({ literal: value, variable: 'SECRET_KEY', value: secret, optional: false, bytes: isBytesLiteral(value) }, context, fixer);
}
