import { flowRule } from './flow-rule';

export default flowRule({
  id: 'PWT002',
  name: 'path-traversal',
  title: 'Path traversal: untrusted file name opened',
  category: 'filesystem',
  severity: 'high',
  cwe: 22,
  docs: {
    what: 'Finds file paths built from untrusted input that reach `open`, `pathlib.Path`, `os.remove` and the other `os`/`shutil` file functions, Flask\'s `send_file`, or a `FileResponse`. `secure_filename`, `os.path.basename`, `safe_join` and a containment check on the resolved path (`path = os.path.realpath(…)`, then `if not path.startswith(BASE): abort()`) make the value safe; a prefix check on the path as given does not (`uploads/../../etc/passwd` starts with `uploads/`). Found by data flow.',
    why: 'A name such as `../../etc/passwd` or an absolute path escapes the folder the code meant: the attacker reads configuration and keys, overwrites files the process can write, or deletes them.',
    example: 'from flask import Flask, request\n\napp = Flask(__name__)\n\n@app.route("/download")\ndef download():\n    name = request.args["name"]\n    with open(f"/srv/files/{name}") as f:\n        return f.read()',
    safe: 'from flask import Flask, request, send_from_directory\n\napp = Flask(__name__)\n\n@app.route("/download")\ndef download():\n    return send_from_directory("/srv/files", request.args["name"])',
    references: ['https://cwe.mitre.org/data/definitions/22.html', 'https://owasp.org/www-community/attacks/Path_Traversal', 'https://flask.palletsprojects.com/en/stable/api/#flask.send_from_directory'],
  },
});
