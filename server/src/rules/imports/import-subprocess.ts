import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW924',
  name: 'import-subprocess',
  title: 'Import of subprocess',
  bandit: 'B404',
  ruff: 'S404',
  cwe: 78,
  modules: ['subprocess'],
  message: (m) =>
    `\`${m}\` is imported: review how its commands are built (no \`shell=True\`, no program from input).`,
  docs: {
    why: 'Every process this module starts runs with the program\'s privileges. The dangerous uses (a command string with `shell=True`, a program or argument taken from input) are reported by PW301 and PW304; the import marks the modules to review.',
    example: 'import subprocess\n\nsubprocess.run(f"convert {upload} out.png", shell=True)',
    safe: 'import subprocess\n\nsubprocess.run(["/usr/bin/convert", "--", upload, "out.png"], check=True)',
    references: [
      'https://cwe.mitre.org/data/definitions/78.html',
      'https://docs.python.org/3/library/subprocess.html#security-considerations',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
