import type { Rule } from '../../engine/rule';
import requestWithoutCertValidation from './request-without-cert-validation';
import unverifiedSslContext from './unverified-ssl-context';
import tlsVerificationDisabled from './tls-verification-disabled';
import insecureTlsVersion from './insecure-tls-version';
import sshAutoAddPolicy from './ssh-auto-add-policy';
import requestWithoutTimeout from './request-without-timeout';
import urlOpenUncheckedScheme from './url-open-unchecked-scheme';
import telnetCleartext from './telnet-cleartext';
import ftpCleartext from './ftp-cleartext';
import snmpInsecureVersion from './snmp-insecure-version';
import snmpWeakCrypto from './snmp-weak-crypto';
import bindAllInterfaces from './bind-all-interfaces';
import sslBadDefaults from './ssl-bad-defaults';

export const transportRules: Rule[] = [
  requestWithoutCertValidation,
  unverifiedSslContext,
  tlsVerificationDisabled,
  insecureTlsVersion,
  sshAutoAddPolicy,
  requestWithoutTimeout,
  urlOpenUncheckedScheme,
  telnetCleartext,
  ftpCleartext,
  snmpInsecureVersion,
  snmpWeakCrypto,
  bindAllInterfaces,
  sslBadDefaults,
];
