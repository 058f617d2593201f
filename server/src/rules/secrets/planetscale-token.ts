import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS154',
    name: 'planetscale-token',
    title: 'PlanetScale token or password in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds PlanetScale service tokens (`pscale_tkn_`), OAuth tokens (`pscale_oauth_`) and database passwords (`pscale_pw_`).',
      why: 'A PlanetScale password connects to the database branch it was made for; a service or OAuth token manages the organization\'s databases, branches and their passwords.',
      example: 'import MySQLdb\n\ndb = MySQLdb.connect(host=host, user=user, passwd="pscale_pw_…", db="app")',
      safe: 'import os\n\nimport MySQLdb\n\ndb = MySQLdb.connect(host=host, user=user, passwd=os.environ["DATABASE_PASSWORD"], db="app")',
      references: [CWE_798, 'https://planetscale.com/docs/concepts/service-tokens'],
    },
  },
  environmentName: 'DATABASE_PASSWORD',
  revoke: 'delete the password or token in PlanetScale',
  formats: [
    regexFormat({
      kind: 'PlanetScale credential',
      keywords: ['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_'],
      pattern: /pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64}(?![A-Za-z0-9_.=-])/,
      validate: (token) => looksRandom(token.slice(token.indexOf('_', 7) + 1), 3.5),
    }),
  ],
});
