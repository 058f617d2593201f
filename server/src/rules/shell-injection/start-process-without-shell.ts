import { defineRule } from '../../engine/rule';
import { brief } from './command-words';
import { NO_SHELL_FUNCTIONS, isFixedCommand, noShellParts } from './process-calls';

export default defineRule({
  meta: {
    id: 'PW306',
    name: 'start-process-without-shell',
    title: 'Process started by os.exec*/os.spawn*/os.startfile with a program chosen at run time',
    category: 'shell-injection',
    // Bandit B606: LOW/MEDIUM for every call. Quieter here, like PW304: a call whose program and
    // arguments are all literals (or `sys.executable`) is not reported.
    severity: 'low',
    confidence: 'medium',
    cwe: 78,
    bandit: 'B606',
    ruff: 'S606',
    fixable: false,
    offInTests: true,
    profile: 'strict',
    docs: {
      what: 'Finds `os.execl`/`execle`/`execlp`/`execlpe`/`execv`/`execve`/`execvp`/`execvpe`, `os.spawn*`, `os.posix_spawn`/`posix_spawnp` and `os.startfile` calls whose program or arguments are not all fixed in the source.',
      why: 'These functions run a program directly, without a shell, so shell metacharacters are inert; but whoever controls the program path decides what runs (with `os.exec*`, in place of this process), and an option-like argument can change what a legitimate program does. `os.startfile` opens a path with whatever application Windows associates with it, which for `.exe`, `.bat` or `.lnk` files means running it.',
      example: 'import os\n\ndef open_report(path):\n    os.startfile(path)\n\ndef hand_over(tool, args):\n    os.execvp(tool, [tool, *args])',
      safe: 'import os\nimport subprocess\nfrom pathlib import Path\n\nREPORTS = Path("C:/reports").resolve()\n\ndef open_report(name):\n    path = (REPORTS / name).resolve()\n    if path.parent != REPORTS or path.suffix != ".pdf":\n        raise ValueError("not a report")\n    os.startfile(path)\n\ndef hand_over(args):\n    subprocess.run(["/usr/bin/rsync", "--", *args], check=True)',
      references: [
        'https://cwe.mitre.org/data/definitions/78.html',
        'https://docs.python.org/3/library/os.html#process-management',
        'https://docs.python.org/3/library/subprocess.html#replacing-the-os-spawn-family',
      ],
    },
  },
  calls: Object.keys(NO_SHELL_FUNCTIONS),

  checkCall(call, context) {
    const qualifiedName = call.qualifiedName!;
    const name = call.callee.text;
    const { program, args } = noShellParts(call, NO_SHELL_FUNCTIONS[qualifiedName]);
    if (!program) {
      if (call.hasStarArgs || call.hasStarKwargs) {
        context.report(call.node, { message: `\`${name}\` gets its program through \`*args\`/\`**kwargs\`; make sure neither it nor its arguments come from input.` });
      }
      return;
    }
    const programFixed = isFixedCommand(program, context);
    const argsFixed = !call.hasStarArgs && args.every((arg) => isFixedCommand(arg, context));
    if (programFixed && argsFixed) return;
    const what = qualifiedName === 'os.startfile' ? 'opens' : qualifiedName.startsWith('os.exec') ? 'replaces this process with' : 'starts';
    context.report(call.node, {
      message: programFixed
        ? `\`${name}\` passes run-time arguments: one starting with \`-\` is an option; validate them, put \`"--"\` first.`
        : qualifiedName === 'os.startfile'
          ? `\`${name}\` opens a path chosen at run time, running it if it is a program; check its folder and extension.`
          : `\`${name}\` ${what} a run-time program: input may decide what runs; keep it fixed (absolute path).`,
    });
  },
});
