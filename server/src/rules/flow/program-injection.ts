import { flowRule } from './flow-rule';

export default flowRule({
  id: 'PWT009',
  name: 'program-from-input',
  title: 'Program to run chosen by untrusted input',
  category: 'shell-injection',
  severity: 'high',
  cwe: 78,
  docs: {
    what: 'Finds untrusted input (request data, model output) that names the program a process runs without a shell: the command string or the first item of the argument list of `subprocess.run`, `call`, `check_call`, `check_output` and `Popen`, or the program of `os.exec*` and `os.spawn*`. An input that is only a later argument is not reported here (PW304, in the strict profile, audits those). Quoting the name (`shlex.quote`) or stripping its folders (`secure_filename`) does not make it safe: any program on the PATH is still the input\'s pick. Found by data flow.',
    why: 'Without a shell, `;` and `|` are inert, but the attacker does not need them: naming the program is running any command they like (`/bin/sh`, `curl … | sh` through `bash -c`, or a script they uploaded). It is command injection with one fewer step.',
    example: 'import subprocess\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n@app.route("/run")\ndef run():\n    subprocess.run([request.args["tool"], "--version"], check=True)',
    safe: 'import subprocess\nfrom flask import Flask, abort, request\n\napp = Flask(__name__)\nTOOLS = {"git": "/usr/bin/git", "python": "/usr/bin/python3"}\n\n@app.route("/run")\ndef run():\n    program = TOOLS.get(request.args["tool"])\n    if program is None:\n        abort(400)\n    subprocess.run([program, "--version"], check=True)',
    references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://docs.python.org/3/library/subprocess.html#security-considerations'],
  },
});
