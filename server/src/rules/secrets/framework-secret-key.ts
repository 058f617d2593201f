// `SECRET_KEY` where Flask and Django read it belongs to PW811 (flask-secret-key-literal), which
// reports it with a message about session signing; the generic password rules leave those
// places alone so that one literal is not reported twice, and keep reporting the name
// elsewhere (a local variable, a dictionary literal, a parameter default, other calls).
import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from '../../engine/semantic/model';

const CONFIG_METHODS = new Set(['update', 'from_mapping']);

/** Whether an assignment target is an application's secret key as PW811 sees it. */
export function isFrameworkSecretKeyTarget(target: Node): boolean {
  if (target.type === 'attribute') return target.childForFieldName('attribute')?.text === 'secret_key';
  if (target.type === 'subscript') {
    // `app.config["SECRET_KEY"]`
    const object = target.childForFieldName('value');
    const key = target.childForFieldName('subscript');
    return object?.type === 'attribute' && object.childForFieldName('attribute')?.text === 'config' && !!key && /^["']SECRET_KEY["']$/.test(key.text);
  }
  if (target.type !== 'identifier' || target.text !== 'SECRET_KEY') return false;
  // At the top of a module, or of a class at the top of a module (a config class).
  const statement = target.parent?.parent;
  if (target.parent?.type !== 'assignment' || statement?.type !== 'expression_statement') return false;
  const container = statement.parent;
  if (container?.type === 'module') return true;
  return container?.type === 'block' && container.parent?.type === 'class_definition' && container.parent.parent?.type === 'module';
}

/** `app.config.update(SECRET_KEY=…)`, `config.from_mapping(SECRET_KEY=…)`, `settings.configure(SECRET_KEY=…)`. */
export function isFrameworkSecretKeyArgument(name: string, call: Node, model: SemanticModel): boolean {
  if (name !== 'SECRET_KEY') return false;
  const callee = call.childForFieldName('function');
  if (!callee) return false;
  if (model.resolve(callee) === 'django.conf.settings.configure') return true;
  if (callee.type !== 'attribute' || !CONFIG_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return false;
  const config = callee.childForFieldName('object');
  return config?.type === 'attribute' && config.childForFieldName('attribute')?.text === 'config';
}
