import type { Rule } from '../../engine/rule';
import requestWithoutCertValidation from './request-without-cert-validation';
import unverifiedSslContext from './unverified-ssl-context';
import tlsVerificationDisabled from './tls-verification-disabled';
import insecureTlsVersion from './insecure-tls-version';
import sshAutoAddPolicy from './ssh-auto-add-policy';
import requestWithoutTimeout from './request-without-timeout';

export const transportRules: Rule[] = [
  requestWithoutCertValidation,
  unverifiedSslContext,
  tlsVerificationDisabled,
  insecureTlsVersion,
  sshAutoAddPolicy,
  requestWithoutTimeout,
];
