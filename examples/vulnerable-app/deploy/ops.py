"""Ops script: deploys the service over SSH and checks its health."""
import os
import ssl
import subprocess
import sys
import urllib.request

import paramiko
import requests

HEALTH_URL = "https://app.internal.example/health"


def ssh(host):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, username="deploy")
    return client


def ssh_safely(host):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username="deploy")
    return client


def health():
    context = ssl._create_unverified_context()
    with urllib.request.urlopen(HEALTH_URL, context=context, timeout=10) as response:
        return response.status == 200


def health_safely():
    context = ssl.create_default_context()
    with urllib.request.urlopen(HEALTH_URL, context=context, timeout=10) as response:
        return response.status == 200


def restart(service):
    os.system(f"systemctl restart {service}")
    subprocess.run(["systemctl", "status", service], check=False)


def notify(message):
    requests.post("https://chat.internal.example/hooks/deploy", json={"text": message})


def main(host, service):
    client = ssh(host)
    client.exec_command("cd /srv/app && git pull")
    restart(service)
    notify(f"deployed {service} to {host}: healthy={health()}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
