// Preloaded (`node --require`) into the CLI or the language server by the privacy tests: any
// attempt to open a socket, listen, resolve a host name or fetch is written to the file named
// by PYWARD_NETWORK_LOG (with the stack that made it) and then refused. Preloads also run in
// worker threads, so the audit's workers are watched too.
'use strict';
const { appendFileSync } = require('node:fs');
const log = process.env.PYWARD_NETWORK_LOG;

function refuse(what) {
  const stack = new Error(what).stack ?? what;
  if (log) appendFileSync(log, `${stack}\n---\n`);
  throw new Error(`network access refused by the test guard: ${what}`);
}

function guard(object, name, what) {
  const original = object[name];
  if (typeof original !== 'function') return;
  object[name] = function guarded() {
    refuse(what);
  };
}

const net = require('node:net');
guard(net.Socket.prototype, 'connect', 'net.Socket#connect');
guard(net.Server.prototype, 'listen', 'net.Server#listen');
const dgram = require('node:dgram');
guard(dgram, 'createSocket', 'dgram.createSocket');
const dns = require('node:dns');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) guard(dns, name, `dns.${name}`);
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) guard(dns.promises, name, `dns.promises.${name}`);
const tls = require('node:tls');
guard(tls, 'connect', 'tls.connect');
for (const module of ['node:http', 'node:https']) {
  const http = require(module);
  guard(http, 'request', `${module}.request`);
  guard(http, 'get', `${module}.get`);
}
if (typeof globalThis.fetch === 'function') guard(globalThis, 'fetch', 'fetch');
