// Fake secrets for the secrets tests and benchmark: generated from a seeded generator, in each
// provider's real shape, with the real checksums where a format has one — never a real token.
// Also each format's near misses (a wrong checksum, one character short), which must not be
// reported, and the 1 MB line of near misses the regular-expression safety test feeds.
import { makeRng } from '../../scripts/fuzz-inputs';
import { base62, crc32 } from '../../server/src/rules/secrets/detectors/encoding';

/** Random strings over an alphabet, determined by the seed (the fuzzers' PRNG), so that failures reproduce. */
export function generator(seed: number): (alphabet: string, length: number) => string {
  const rng = makeRng(seed);
  return (alphabet, length) => Array.from({ length }, () => alphabet[rng.int(alphabet.length)]).join('');
}

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = DIGITS + UPPER + LOWER;
const HEX = '0123456789abcdef';
const BASE64 = `${ALNUM}+/`;
const BASE64URL = `${ALNUM}-_`;
const BASE32 = `${UPPER}234567`;

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** Fake secrets of every format, from one seed. */
export function fakeSecrets(seed = 7) {
  const r = generator(seed);
  const bytes = (length: number) => Buffer.from(r(HEX, length * 2), 'hex');
  const checksummed = (prefix: string) => {
    const body = r(ALNUM, 30);
    return `${prefix}${body}${base62(crc32(body), 6)}`;
  };
  const pypi = (location: string) => {
    const identifier = Buffer.from(`{"version": 1, "permissions": "user"}`);
    const caveat = Buffer.from(`{"version": 1, "permissions": {"projects": ["billing"]}}`);
    const field = (type: number, data: Buffer) => Buffer.concat([Buffer.from([type, data.length]), data]);
    const macaroon = Buffer.concat([Buffer.from([2]), field(1, Buffer.from(location)), field(2, identifier), Buffer.from([0]), field(2, caveat), Buffer.from([0, 0]), field(6, bytes(32))]);
    return `pypi-${base64url(macaroon)}`;
  };
  const pem = (label: string) => {
    const lines = Array.from({ length: 6 }, () => r(BASE64, 64));
    return `-----BEGIN ${label}PRIVATE KEY-----\n${lines.join('\n')}\n-----END ${label}PRIVATE KEY-----`;
  };
  const discordId = `1${r(DIGITS, 18)}`;
  return {
    awsAccessKey: `AKIA${r(BASE32, 16)}`,
    awsSecretKey: r(BASE64, 40),
    githubClassic: checksummed('ghp_'),
    githubOauth: checksummed('gho_'),
    githubFineGrained: `github_pat_${r(ALNUM, 22)}_${r(ALNUM, 59)}`,
    gitlab: `glpat-${r(BASE64URL, 20)}`,
    slackBot: `xoxb-${r(DIGITS, 11)}-${r(DIGITS, 13)}-${r(ALNUM, 24)}`,
    slackWebhook: `https://hooks.slack.com/services/T${r(UPPER + DIGITS, 8)}/B${r(UPPER + DIGITS, 10)}/${r(ALNUM, 24)}`,
    stripe: `sk_live_${r(ALNUM, 99)}`,
    openai: `sk-proj-${r(BASE64URL, 58)}T3BlbkFJ${r(BASE64URL, 58)}`,
    anthropic: `sk-ant-api03-${r(BASE64URL, 93)}AA`,
    googleApiKey: `AIza${r(BASE64URL, 35)}`,
    privateKeyPem: pem(''),
    rsaPrivateKey: pem('RSA '),
    azureAccountKey: bytes(64).toString('base64'),
    twilioApiKey: `SK${r(HEX, 32)}`,
    twilioAuthToken: r(HEX, 32),
    sendgrid: `SG.${r(BASE64URL, 22)}.${r(BASE64URL, 43)}`,
    npm: checksummed('npm_'),
    pypi: pypi('pypi.org'),
    testPypi: pypi('test.pypi.org'),
    huggingface: `hf_${r(UPPER + LOWER, 34)}`,
    databricks: `dapi${r(HEX, 32)}`,
    discordBot: `${Buffer.from(discordId).toString('base64url')}.${r(BASE64URL, 6)}.${r(BASE64URL, 38)}`,
    discordWebhook: `https://discord.com/api/webhooks/${r(DIGITS, 18).replace(/^0/, '1')}/${r(BASE64URL, 68)}`,
    telegram: `${r('123456789', 1)}${r(DIGITS, 9)}:AA${r(BASE64URL, 33)}`,
    jwt: `${base64url(Buffer.from('{"alg":"HS256","typ":"JWT"}'))}.${base64url(Buffer.from(`{"sub":"${r(DIGITS, 10)}","name":"Ada Lovelace","iat":1516239022}`))}.${r(BASE64URL, 43)}`,
    databasePassword: r(ALNUM, 18),
    apiKeyHex: r(HEX, 32),
    apiKeyBase64: r(ALNUM, 28),
    ...moreFakeSecrets(seed),
    ...issue16FakeSecrets(seed),
  };
}

/**
 * The formats added after the first 23 (PWS124–PWS135), from a generator of their own: the
 * values above stay what they were for a given seed.
 */
export function moreFakeSecrets(seed = 7) {
  const r = generator(seed + 0x5ec2);
  const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
  const onePassword = {
    email: `${r(LOWER + DIGITS, 13)}@1passwordserviceaccounts.com`,
    muk: { alg: 'A256GCM', ext: true, k: r(BASE64URL, 43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' },
    secretKey: `A3-${r(UPPER + DIGITS, 6)}-${r(UPPER + DIGITS, 6)}-${r(UPPER + DIGITS, 5)}`,
    srpX: r(HEX, 64),
    signInAddress: 'my.1password.com',
    userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: r(BASE64URL, 22) },
  };
  return {
    dockerHub: `dckr_pat_${r(BASE64URL, 27)}`,
    shopifyAccessToken: `shpat_${r(HEX, 32)}`,
    shopifyAppSecret: `shpss_${r(HEX, 32)}`,
    grafanaServiceAccount: `glsa_${r(ALNUM, 32)}_${r(HEX, 8)}`,
    grafanaCloud: `glc_${base64Json({ o: r(DIGITS, 6), n: `stack-${r(DIGITS, 6)}-hm-read`, k: r(ALNUM, 24), m: { r: 'prod-eu-west-2' } })}`,
    vaultService: `hvs.${r(BASE64URL, 91)}`,
    vaultBatch: `hvb.${r(BASE64URL, 150)}`,
    tailscaleAuth: `tskey-auth-k${r(ALNUM, 10)}CNTRL-${r(ALNUM, 33)}`,
    tailscaleApi: `tskey-api-k${r(ALNUM, 10)}CNTRL-${r(ALNUM, 33)}`,
    groq: `gsk_${r(ALNUM, 52)}`,
    linear: `lin_api_${r(ALNUM, 40)}`,
    notion: `ntn_${r(DIGITS, 11)}${r(ALNUM, 35)}`,
    vercel: `vcp_${r(ALNUM, 23)}${r(DIGITS, 1)}`,
    figma: `figd_${r(BASE64URL, 40)}`,
    cloudflare: `cfut_${r(ALNUM, 40)}${r(HEX, 8)}`,
    onePassword: `ops_${base64Json(onePassword)}`,
  };
}

/** The formats of issue 16 (PWS136–PWS154 and the new shapes of older rules), from a generator of their own. */
export function issue16FakeSecrets(seed = 7) {
  const r = generator(seed + 0x1616);
  const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64').replace(/=+$/, '');
  const sentryClaims = base64Json({ iat: 1700000000 + Number(r(DIGITS, 6)), url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: `acme-${r(LOWER, 6)}` });
  const jfrogReference = Buffer.from(`reftkn:01:${r(DIGITS, 10)}:${r(ALNUM, 27)}`).toString('base64').replace(/[=+/]/g, '').slice(0, 64);
  return {
    gitlabRoutable: `glpat-${r(BASE64URL, 27)}.01.${r(LOWER + DIGITS, 9)}`,
    gitlabRoutableOneDot: `glpat-${r(BASE64URL, 27)}.${r(LOWER + DIGITS, 9)}`,
    gitlabRunnerRoutable: `glrt-t1_${r(BASE64URL, 27)}.${r(LOWER + DIGITS, 9)}`,
    slackLegacySession: `xoxs-${r(DIGITS, 10)}-${r(DIGITS, 11)}-${r(DIGITS, 12)}-${r(HEX, 10)}`,
    awsBearerAccessKey: `ABIA${r(BASE32, 16)}`,
    azureAdClientSecret: `${r(ALNUM, 3)}${r(DIGITS, 1)}Q~${r(`${ALNUM}_~.-`, 34)}`,
    sentryOrgToken: `sntrys_${sentryClaims}_${r(ALNUM, 43)}`,
    sentryUserToken: `sntryu_${r(HEX, 64)}`,
    /** A DSN's client key: the part of `https://<key>@o….ingest.sentry.io/<project>` reported. */
    sentryDsnKey: r(HEX, 32),
    datadogApiKey: r(HEX, 32),
    mailgun: `key-${r(HEX, 32)}`,
    mailchimp: `${r(HEX, 32)}-us${r('123456789', 1)}${r(DIGITS, 1)}`,
    brevo: `xkeysib-${r(HEX, 64)}-${r(ALNUM, 16)}`,
    heroku: `HRKU-AA${r(BASE64URL, 58)}`,
    digitalocean: `dop_v1_${r(HEX, 64)}`,
    newRelicUser: `NRAK-${r(UPPER + DIGITS, 27)}`,
    newRelicLicense: `${r(HEX, 36)}NRAL`,
    jfrogApiKey: `AKCp${r(ALNUM, 69)}`,
    jfrogReference,
    replicate: `r8_${r(ALNUM, 37)}`,
    supabase: `sbp_${r(HEX, 40)}`,
    doppler: `dp.pt.${r(ALNUM, 43)}`,
    pulumi: `pul-${r(HEX, 40)}`,
    atlassian: `ATATT3${r(`${ALNUM}_-`, 186)}`,
    bedrock: `ABSK${Buffer.from(`BedrockAPIKey-${r(ALNUM, 12)}-at-${r(DIGITS, 12)}:${r(ALNUM, 60)}`).toString('base64').replace(/=+$/, '')}`,
    perplexity: `pplx-${r(ALNUM, 48)}`,
    prefect: `pnu_${r(ALNUM, 36)}`,
    planetscale: `pscale_pw_${r(`${ALNUM}_`, 43)}`,
    vaultLegacy: `s.${r(UPPER, 8)}${r(LOWER, 8)}${r(DIGITS, 4)}${r(ALNUM, 4)}`,
    cloudflareOriginCa: `v1.0-${r(HEX, 24)}-${r(HEX, 146)}`,
    grafanaLegacy: base64Json({ k: r(ALNUM, 32), n: `ci-${r(LOWER, 6)}`, id: Number(r('123456789', 1)) }),
    onePasswordSecretKey: `A3-${r(UPPER + DIGITS, 6)}-${r(UPPER + DIGITS, 6)}-${r(UPPER + DIGITS, 5)}-${r(UPPER + DIGITS, 5)}-${r(UPPER + DIGITS, 5)}-${r(UPPER + DIGITS, 5)}`,
  };
}

export type FakeSecrets = ReturnType<typeof fakeSecrets>;

/** Changes the last character: a checksum that no longer matches. */
export function breakChecksum(token: string): string {
  const last = token[token.length - 1];
  return token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

/**
 * One string of about `size` characters, on one line, made of every detector's near misses
 * back to back: each keyword followed by almost the right text (one character short, a broken
 * structure, an unterminated block), so that every detector starts matching over and over.
 */
export function nearMissLine(size = 1 << 20): string {
  const f = fakeSecrets(11);
  const pieces = [
    f.awsAccessKey.slice(0, -1),
    `aws_secret_access_key="${f.awsSecretKey.slice(0, -1)}"`,
    'AWS'.repeat(20),
    breakChecksum(f.githubClassic),
    `github_pat_${'a'.repeat(21)}_`,
    `glpat-${'-'.repeat(19)}`,
    `xoxb-${'1-'.repeat(8)}`,
    'https://hooks.slack.com/services/TABC/',
    'sk_live_short',
    `sk-proj-${'A'.repeat(80)}`,
    `sk-ant-api03-${'a'.repeat(92)}`,
    `AIza${'a'.repeat(34)}`,
    '"private_key": "-----BEGIN PRIVATE KEY-----',
    `AccountKey=${'A'.repeat(85)}`,
    `SK${'a'.repeat(31)}`,
    `twilio_auth_token = "${'a'.repeat(31)}"`,
    `SG.${'a'.repeat(22)}.`,
    breakChecksum(f.npm),
    f.pypi.slice(0, 40),
    `hf_${'a'.repeat(33)}`,
    `dapi${'a'.repeat(31)}`,
    `MTEx${'a'.repeat(22)}.abcdef.`,
    'https://discord.com/api/webhooks/1/',
    `${'1'.repeat(12)}:A${'a'.repeat(33)}`,
    `eyJ${'a'.repeat(40)}.eyJ.`,
    'eyJeyJeyJ',
    '-----BEGIN RSA PRIVATE KEY-----',
    `${'A'.repeat(100)}`,
    `postgres://${'u'.repeat(20)}:`,
    'server=db;password=',
    'password=;'.repeat(3),
    ':/'.repeat(10),
    `dckr_pat_${'a1'.repeat(13)}`,
    `shpat_${'a1'.repeat(15)}`,
    `glsa_${'aB'.repeat(16)}_`,
    `glc_eyJ${'aB'.repeat(250)}`,
    `hvs.${'aB'.repeat(44)}`,
    `hvb.${'aB'.repeat(68)}`,
    `tskey-auth-${'a'.repeat(8)}-${'aB'.repeat(7)}`,
    `gsk_${'aB'.repeat(25)}`,
    `lin_api_${'aB'.repeat(15)}`,
    `ntn_${'1'.repeat(11)}${'aB'.repeat(17)}`,
    `vcp_${'a1'.repeat(9)}`,
    `figd_${'aB'.repeat(19)}`,
    `cfut_${'aB'.repeat(20)}${'a'.repeat(7)}`,
    `ops_eyJ${'aB'.repeat(150)}`,
    `ops_${f.onePassword.slice(4, 200)}`,
    // Issue 16 formats: each keyword, then almost the right text.
    `aaa1Q~${'aB'.repeat(15)}`,
    `sntrys_eyJ${'aB'.repeat(150)}_`,
    `https://${'a'.repeat(32)}@o1.ingest.sentry.io/`,
    `DD_API_KEY = "${'a'.repeat(31)}"`,
    `key-${'a1'.repeat(15)}`,
    `${'a'.repeat(31)}-us1x`,
    `xkeysib-${'a'.repeat(63)}-`,
    `HRKU-AA${'aB'.repeat(28)}`,
    `dop_v1_${'a'.repeat(63)}`,
    `NRAK-${'A'.repeat(26)}`,
    `${'a'.repeat(35)}NRAL`,
    `AKCp${'aB'.repeat(34)}`,
    `cmVmdGtuOjAxOj${'aB'.repeat(24)}`,
    `r8_${'aB'.repeat(18)}`,
    `sb_secret_${'aB'.repeat(14)}`,
    `dp.pt.${'aB'.repeat(19)}`,
    `pul-${'a'.repeat(39)}`,
    `ATATT3${'aB'.repeat(92)}`,
    `ABSK${'aB'.repeat(54)}`,
    `pplx-${'aB'.repeat(23)}`,
    `pnu_${'aB'.repeat(17)}`,
    `pscale_pw_${'aB'.repeat(15)}`,
    `s.${'aB'.repeat(11)}`,
    `v1.0-${'a'.repeat(24)}-${'a'.repeat(145)}`,
    `eyJrIjoi${'aB'.repeat(30)}`,
    `A3-${'A'.repeat(6)}-${'A'.repeat(6)}-`,
  ];
  const block = `${pieces.join(' ')} `;
  return block.repeat(Math.ceil(size / block.length)).slice(0, size);
}
