import { Writable } from "node:stream";

/** A writable that passes whole lines on to `out`, each prefixed, so several containers' logs can share one response. */
export function prefixLines(out: NodeJS.WritableStream, prefix: string): Writable {
  let pending = "";
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      pending += chunk.toString("utf8");
      const cut = pending.lastIndexOf("\n");
      if (cut >= 0) {
        out.write(
          pending
            .slice(0, cut)
            .split("\n")
            .map((l) => `${prefix} | ${l}\n`)
            .join(""),
        );
        pending = pending.slice(cut + 1);
      }
      done();
    },
    final(done) {
      if (pending) out.write(`${prefix} | ${pending}\n`);
      done();
    },
  });
}
