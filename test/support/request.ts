import http from "node:http";
import https from "node:https";

export interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * One bounded request to nginx on loopback by Host header (and SNI name for HTTPS, `sni` when it
 * should differ); `address` picks another loopback, such as ::1.
 */
export function request(opts: {
  port: number;
  host: string;
  path?: string;
  tls?: { ca: string | string[] };
  auth?: string;
  sni?: string;
  address?: string;
}): Promise<Reply> {
  const headers: Record<string, string> = { Host: opts.host };
  if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString("base64")}`;
  const address = opts.address ?? "127.0.0.1";
  const common = {
    host: address,
    port: opts.port,
    path: opts.path ?? "/",
    headers,
    timeout: 5000,
    agent: false as const,
  };
  return new Promise((resolve, reject) => {
    const onReply = (res: http.IncomingMessage) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    };
    const req = opts.tls
      ? https.get({ ...common, servername: opts.sni ?? opts.host, ca: opts.tls.ca }, onReply)
      : http.get(common, onReply);
    req.once("timeout", () => req.destroy(new Error(`request to ${opts.host} timed out`)));
    req.once("error", reject);
  });
}
