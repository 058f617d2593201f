// A fake OSV service on 127.0.0.1 for the advisory tests, following OSV's published API: POST
// /v1/querybatch answers `{results: [{vulns: [{id, modified}]}]}` (IDs only, one result per
// query, in order), GET /v1/vulns/{id} the full record, and GET /<ecosystem>/all.zip the export
// bucket's zip of `<id>.json` files. It records every request, so tests can assert what left.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { zipSync, strToU8 } from 'fflate';

export interface OsvRecord {
  id: string;
  modified?: string;
  affected: { package: { ecosystem: string; name: string }; ranges?: unknown[]; versions?: string[] }[];
  [key: string]: unknown;
}

export interface FakeOsv {
  url: string;
  requests: { method: string; path: string; body: string }[];
  /** Builds an export's zip now, so that serving it later is not timed with the building. */
  prepareExport(ecosystem: string): void;
  close(): Promise<void>;
}

/**
 * `records` make the exports and the vulns endpoint; `answers` maps `name@version` to the IDs
 * querybatch returns (the fake does not evaluate ranges: the test says what OSV would answer).
 */
export async function startFakeOsv(records: readonly OsvRecord[], answers: Readonly<Record<string, readonly string[]>> = {}): Promise<FakeOsv> {
  const requests: FakeOsv['requests'] = [];
  const byId = new Map(records.map((record) => [record.id, record]));
  const zips = new Map<string, Buffer>();
  /** The export of one ecosystem, zipped once (a large one takes a while to build). */
  const exportZip = (ecosystem: string): Buffer => {
    let zip = zips.get(ecosystem);
    if (!zip) {
      const files: Record<string, Uint8Array> = {};
      for (const record of records) if (record.affected.some((affected) => affected.package.ecosystem === ecosystem)) files[`${record.id}.json`] = strToU8(JSON.stringify(record));
      zip = Buffer.from(zipSync(files));
      zips.set(ecosystem, zip);
    }
    return zip;
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
      requests.push({ method: request.method ?? '', path, body });
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (request.method === 'POST' && path === '/v1/querybatch') {
        const queries = (JSON.parse(body) as { queries: { package: { name: string }; version: string }[] }).queries;
        return json(200, { results: queries.map((query) => ({ vulns: (answers[`${query.package.name}@${query.version}`] ?? []).map((id) => ({ id, modified: '2026-11-01T00:00:00Z' })) })) });
      }
      const vuln = /^\/v1\/vulns\/(.+)$/.exec(path);
      if (request.method === 'GET' && vuln) {
        const record = byId.get(vuln[1]);
        return record ? json(200, record) : json(404, { code: 5, message: 'Bug not found.' });
      }
      const bucket = /^\/([^/]+)\/all\.zip$/.exec(path);
      if (request.method === 'GET' && bucket) {
        response.writeHead(200, { 'content-type': 'application/zip' });
        return response.end(exportZip(bucket[1]));
      }
      json(404, { code: 5, message: 'Not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    prepareExport: (ecosystem: string) => void exportZip(ecosystem),
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
