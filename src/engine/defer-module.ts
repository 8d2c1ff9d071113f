import fs from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/**
 * Stand in for a CommonJS module whose export is one function: the real module loads on the first
 * call. Nothing happens when the file is not there (another version lays its files out differently).
 */
export function deferModule(file: string): boolean {
  if (!fs.existsSync(file) || require.cache[file]) return false;
  let real: ((...args: unknown[]) => unknown) | undefined;
  const stand = new Module(file);
  stand.filename = file;
  stand.loaded = true;
  stand.exports = function (this: unknown, ...args: unknown[]) {
    if (!real) {
      delete require.cache[file];
      real = require(file) as (...args: unknown[]) => unknown;
    }
    return real.apply(this, args);
  };
  require.cache[file] = stand;
  return true;
}

/**
 * dockerode loads BuildKit's session (gRPC, protobuf) and docker-modem loads ssh2 when they are
 * imported, about 0.1 s of CPU in every push's hook; Slipway talks to a local socket with the
 * classic builder, so they load only if something calls them.
 */
export function deferUnusedParts(): void {
  const dockerodeDir = path.dirname(require.resolve("dockerode"));
  const modemDir = path.dirname(require.resolve("docker-modem", { paths: [dockerodeDir] }));
  deferModule(path.join(dockerodeDir, "session.js"));
  deferModule(path.join(modemDir, "ssh.js"));
}
