import fs from "node:fs";
import type { Readable } from "node:stream";
import tar from "tar-stream";

/** Fixed, so a generated file never looks changed to the build cache. */
const MTIME = new Date(0);

export interface ContextFile {
  name: string;
  /** Text, or a file on disk streamed in (slugs can be large). */
  text?: string;
  path?: string;
}

/** A tar of just these files: the small contexts of slug and prebuilt-image builds. */
export function packContext(files: ContextFile[]): Readable {
  const pack = tar.pack();
  appendFiles(pack, files).then(
    () => pack.finalize(),
    (err) => pack.destroy(err),
  );
  return pack as unknown as Readable;
}

/** Copy a tar stream entry by entry, replacing or adding the given files at the end. */
export function withContextFiles(source: Readable, files: ContextFile[]): Readable {
  const pack = tar.pack();
  const extract = tar.extract();
  const replaced = new Set(files.map((f) => f.name));
  extract.on("entry", (header, stream, next) => {
    if (replaced.has(header.name)) {
      stream.resume();
      stream.once("end", next);
      return;
    }
    stream.pipe(pack.entry(header, next));
  });
  extract.once("finish", () =>
    appendFiles(pack, files).then(
      () => pack.finalize(),
      (err) => pack.destroy(err),
    ),
  );
  extract.once("error", (err) => pack.destroy(err));
  source.once("error", (err) => pack.destroy(err));
  source.pipe(extract);
  return pack as unknown as Readable;
}

async function appendFiles(pack: tar.Pack, files: ContextFile[]): Promise<void> {
  for (const f of files) {
    const text = f.text;
    if (text !== undefined) {
      await new Promise<void>((resolve, reject) =>
        pack.entry({ name: f.name, mtime: MTIME, mode: 0o644 }, text, (err) =>
          err ? reject(err) : resolve(),
        ),
      );
      continue;
    }
    const size = fs.statSync(f.path!).size;
    await new Promise<void>((resolve, reject) => {
      const entry = pack.entry({ name: f.name, size, mtime: MTIME, mode: 0o644 }, (err) =>
        err ? reject(err) : resolve(),
      );
      fs.createReadStream(f.path!).once("error", reject).pipe(entry);
    });
  }
}
