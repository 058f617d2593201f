import { defineRule } from '../../engine/rule';

export default defineRule({
  meta: {
    id: 'PW508',
    name: 'telnet-cleartext',
    title: 'Telnet session (credentials and commands in clear text)',
    category: 'transport',
    // Bandit B312 (blacklist call): HIGH/HIGH, CWE-319.
    severity: 'high',
    confidence: 'high',
    cwe: 319,
    bandit: 'B312',
    ruff: 'S312',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds calls into `telnetlib` (typically `telnetlib.Telnet(host)`) and `telnetlib3.open_connection`, which open Telnet sessions.',
      why: 'Telnet has no encryption and no server authentication: the login prompt, the password and every command and reply cross the network as plain text. Anyone on the path (a shared Wi-Fi, a compromised switch, ARP or DNS spoofing) reads the credentials, and can impersonate the device or inject commands into the session. `telnetlib` was deprecated by PEP 594 and removed in Python 3.13.',
      example: 'import telnetlib\n\ntn = telnetlib.Telnet("switch01.example.net")\ntn.read_until(b"login: ")\ntn.write(b"admin\\n")',
      safe: 'import paramiko\n\nclient = paramiko.SSHClient()\nclient.load_system_host_keys()\nclient.connect("switch01.example.net", username="admin", key_filename="/etc/netops/id_ed25519")\n# For network devices, Netmiko wraps this: ConnectHandler(device_type="cisco_ios", ...)',
      references: [
        'https://cwe.mitre.org/data/definitions/319.html',
        'https://peps.python.org/pep-0594/#telnetlib',
        'https://docs.paramiko.org/en/stable/api/client.html',
      ],
    },
  },
  calls: ['telnetlib.*', 'telnetlib3.open_connection'],

  checkCall(call, context) {
    context.report(call.node, {
      message: `\`${call.callee.text}\` opens a Telnet session: login and commands cross the network unencrypted; use SSH instead.`,
    });
  },
});
