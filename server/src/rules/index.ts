// Every rule Pyward ships, one module each, grouped by category. Order is the documentation's order.
import type { AnyRule } from '../engine/file-rule';
import { deserializationRules } from './deserialization/index';
import { codeExecutionRules } from './code-execution/index';
import { shellInjectionRules } from './shell-injection/index';
import { sqlInjectionRules } from './sql-injection/index';
import { transportRules } from './transport/index';
import { cryptographyRules } from './cryptography/index';
import { xmlRules } from './xml/index';
import { webRules } from './web/index';
import { filesystemRules } from './filesystem/index';
import { secretsRules } from './secrets/index';
import { importsRules } from './imports/index';
import { otherRules } from './other/index';
import { dependencyRules } from './dependencies/index';
import { workflowRules } from './workflows/index';
import { flowRules } from './flow/index';
import unusedSuppression from './other/unused-suppression';

export const ALL_RULES: readonly AnyRule[] = [
  ...deserializationRules,
  ...codeExecutionRules,
  ...shellInjectionRules,
  ...sqlInjectionRules,
  ...transportRules,
  ...cryptographyRules,
  ...xmlRules,
  ...webRules,
  ...filesystemRules,
  ...secretsRules,
  ...importsRules,
  ...dependencyRules,
  ...workflowRules,
  ...otherRules,
  ...flowRules,
  unusedSuppression,
];
