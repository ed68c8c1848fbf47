// A browser-only variant of the packaged extension, to prove that the web build stands on its own: the same
// smtp-lens.vsix with no "main" in its manifest and without the Node bundles, so VS Code has no choice but to run
// dist/web/client.js in the web worker extension host, which in turn starts dist/web/server.js in a Worker.
//
// A .vsix is a zip file. Node has deflate and crc32 but no zip container, so here is the little that is needed:
// read the central directory (stored or deflated entries, no zip64, no encryption) and write a fresh archive.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a zip archive, in central-directory order. */
export function readZip(zip: Buffer): ZipEntry[] {
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error(`bad central directory entry ${n} at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (zip.readUInt32LE(localOffset) !== LOCAL) throw new Error(`bad local header for ${name}`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`${name}: unsupported compression method ${method}`);
    entries.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
  }
  return entries;
}

/** A zip archive of `entries` (deflated, fixed 1980-01-01 timestamps). */
export function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const dosDate = (1 << 5) | 1; // 1980-01-01
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data);
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The Node-only files of the package: the Node client, the Node server and the command-line tool. */
export const NODE_BUNDLES = ['extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/cli.js'];

/**
 * Writes a copy of `vsix` that can only run in a browser: package.json without "main" (and "bin"), the vsix
 * manifest's extension kind "web", and the Node bundles left out. Returns the manifest it wrote.
 */
export function writeWebOnlyVsix(vsix: string, out: string): Record<string, unknown> {
  const entries = readZip(readFileSync(vsix));
  const manifestEntry = entries.find((e) => e.name === 'extension/package.json');
  if (!manifestEntry) throw new Error(`${vsix} has no extension/package.json`);
  const manifest = JSON.parse(manifestEntry.data.toString('utf8')) as Record<string, unknown>;
  if (typeof manifest.browser !== 'string') throw new Error(`${vsix}: package.json has no "browser" entry point`);
  const browserEntry = `extension/${manifest.browser.replace(/^\.\//, '')}`;
  if (!entries.some((e) => e.name === browserEntry || e.name === `${browserEntry}.js`)) throw new Error(`${vsix} lacks ${browserEntry}`);
  delete manifest.main;
  delete manifest.bin;
  manifestEntry.data = Buffer.from(JSON.stringify(manifest, null, 2));
  const vsixManifest = entries.find((e) => e.name === 'extension.vsixmanifest');
  if (vsixManifest) {
    vsixManifest.data = Buffer.from(vsixManifest.data.toString('utf8')
      .replace(/(Id="Microsoft\.VisualStudio\.Code\.ExtensionKind" Value=")[^"]*"/, '$1web"'));
  }
  const kept = entries.filter((e) => !NODE_BUNDLES.includes(e.name) && !NODE_BUNDLES.some((b) => e.name === `${b}.map`));
  writeFileSync(out, writeZip(kept));
  return manifest;
}

/** A running static HTTP server for one extension folder. */
export interface ServedExtension {
  /** The folder URL, e.g. http://127.0.0.1:40123/smtp-lens/ (what "Install Extension from Location..." takes). */
  url: string;
  /** Paths requested so far, in order (to show which bundles the browser fetched). */
  requests: string[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = { js: 'text/javascript', json: 'application/json', md: 'text/markdown', txt: 'text/plain', png: 'image/png' };

/**
 * Serves the `extension/` folder of a .vsix over HTTP on 127.0.0.1 with CORS, the way a web extension is served to
 * vscode.dev from a CDN: installed from this URL, the extension lives in the browser and runs in the web worker
 * extension host, with an http: extensionUri from which it can start its language server Worker.
 */
export async function serveExtension(vsix: string, options: { skip?: string[] } = {}): Promise<ServedExtension> {
  const prefix = 'extension/';
  const files = new Map(readZip(readFileSync(vsix))
    .filter((e) => e.name.startsWith(prefix) && !(options.skip ?? []).includes(e.name))
    .map((e) => [e.name.slice(prefix.length), e.data] as const));
  const requests: string[] = [];
  const base = '/smtp-lens/';
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    requests.push(path);
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Allow-Headers', '*');
    response.setHeader('Cache-Control', 'no-store');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    const data = path.startsWith(base) ? files.get(path.slice(base.length)) : undefined;
    if (!data) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream', 'Content-Length': data.length });
    response.end(request.method === 'HEAD' ? undefined : data);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    requests,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
