import type { Rule } from '../../engine/rule';
import flaskDebugTrue from './flask-debug-true';
import jinja2AutoescapeFalse from './jinja2-autoescape-false';
import makoTemplates from './mako-templates';
import markSafe from './mark-safe';
import djangoMarkSafeFormatted from './django-mark-safe-formatted';
import markupsafeMarkup from './markupsafe-markup';
import djangoExtra from './django-extra';
import djangoRawsql from './django-rawsql';
import djangoDebugTrue from './django-debug-true';
import djangoMissingSecurityMiddleware from './django-missing-security-middleware';
import flaskSecretKeyLiteral from './flask-secret-key-literal';
import templateBuiltFromStrings from './template-built-from-strings';
import cookieWithoutFlags from './cookie-without-flags';
import djangoInsecureSetting from './django-insecure-setting';
import csrfExempt from './csrf-exempt';

export const webRules: Rule[] = [
  flaskDebugTrue,
  jinja2AutoescapeFalse,
  makoTemplates,
  markSafe,
  djangoMarkSafeFormatted,
  markupsafeMarkup,
  djangoExtra,
  djangoRawsql,
  djangoDebugTrue,
  djangoMissingSecurityMiddleware,
  flaskSecretKeyLiteral,
  templateBuiltFromStrings,
  cookieWithoutFlags,
  djangoInsecureSetting,
  csrfExempt,
];
