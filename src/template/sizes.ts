/** `512m`, `1g`, `1.5g` or a plain number of bytes; undefined when it is none of these. */
export function parseSize(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) && v > 0 ? v : undefined;
  const m = typeof v === "string" ? /^(\d+(?:\.\d+)?)([kmg]?)$/i.exec(v) : null;
  if (!m) return undefined;
  return Math.round(Number(m[1]) * 1024 ** " kmg".indexOf(m[2].toLowerCase() || " "));
}

/** `500ms`, `5s`, `1m` or whole seconds, as milliseconds; undefined when it is none of these. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 ? v * 1000 : undefined;
  const m = typeof v === "string" ? /^(\d+)(ms|s|m)$/.exec(v) : null;
  return m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as "ms" | "s" | "m"] : undefined;
}
