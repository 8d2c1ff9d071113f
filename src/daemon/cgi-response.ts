/** The head of a CGI program's output: its status and headers, and where the body starts. */
export interface CgiHead {
  status: number;
  headers: Record<string, string>;
  bodyStart: number;
}

/** Parse a CGI head once it is complete (a blank line seen); undefined while more output is needed. */
export function parseCgiHead(buf: Buffer): CgiHead | undefined {
  const text = buf.toString("latin1");
  const crlf = text.indexOf("\r\n\r\n");
  const lf = text.indexOf("\n\n");
  const end =
    crlf >= 0 && (lf < 0 || crlf < lf) ? { at: crlf, len: 4 } : lf >= 0 ? { at: lf, len: 2 } : undefined;
  if (!end) return undefined;
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end.at).split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "status") status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers, bodyStart: end.at + end.len };
}
