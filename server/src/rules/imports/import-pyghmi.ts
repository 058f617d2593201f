import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW934',
  name: 'import-pyghmi',
  title: 'Import of pyghmi (IPMI client)',
  bandit: 'B415',
  ruff: 'S415',
  cwe: 319,
  modules: ['pyghmi'],
  message: (m) =>
    `\`${m}\` is imported: IPMI leaks password hashes; prefer Redfish over HTTPS and isolate the BMC network.`,
  docs: {
    why: 'IPMI 2.0 authentication (RAKP) lets an unauthenticated client obtain a salted password hash for any valid user name and crack it offline, and many BMCs accept cipher suite 0, which needs no password at all. Whoever reaches a BMC controls the server\'s power, console and firmware. Redfish over HTTPS is the modern replacement.',
    example: 'from pyghmi.ipmi import command\n\nbmc = command.Command(bmc="10.0.0.12", userid="admin", password=password)',
    safe: 'import requests\n\n# Redfish over HTTPS, with certificate verification\nsession = requests.Session()\nsession.auth = ("admin", password)\nsession.get("https://bmc.example.net/redfish/v1/Systems", timeout=10)',
    references: [
      'https://cwe.mitre.org/data/definitions/319.html',
      'https://www.rapid7.com/blog/post/2013/07/02/a-penetration-testers-guide-to-ipmi/',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
