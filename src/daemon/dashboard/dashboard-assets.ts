import fs from "node:fs";
import type { ServerResponse } from "node:http";
import { SECURITY_HEADERS } from "./send-page.js";

/** The package's own assets (no CDN): assets/dashboard/ beside src/ and dist/, read once. */
const DIR = new URL("../../../assets/dashboard/", import.meta.url);
const TYPES: Record<string, string> = {
  "dashboard.css": "text/css; charset=utf-8",
  "dashboard.js": "text/javascript; charset=utf-8",
};
const cache = new Map<string, Buffer>();

/** Serve /assets/NAME when it is one of ours; false otherwise. */
export function serveAsset(pathname: string, res: ServerResponse): boolean {
  const name = pathname.replace(/^\/assets\//, "");
  const type = TYPES[name];
  if (!pathname.startsWith("/assets/") || !type) return false;
  if (!cache.has(name)) cache.set(name, fs.readFileSync(new URL(name, DIR)));
  const body = cache.get(name)!;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": type,
    "content-length": String(body.length),
    "cache-control": "public, max-age=3600",
  });
  res.end(body);
  return true;
}
