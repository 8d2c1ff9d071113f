import path from "node:path";
import { usageError } from "../errors.js";

export type TargetScheme = "local" | "sftp" | "s3" | "rest";

const FORMS =
  "an absolute path, sftp:user@host:/path, s3:host/bucket[/path] or rest:http(s)://host[:port]/[path]";

/** Check a restic repository URL at the boundary; returns its scheme (the only part ever shown). */
export function parseTargetUrl(url: string): TargetScheme {
  if (/[\s\0]/.test(url) || url.startsWith("-")) throw badTarget(url, "it has spaces or starts with -");
  if (url.startsWith("/")) {
    if (path.normalize(url) !== url.replace(/\/+$/, "") && url !== "/")
      throw badTarget(url, "use a plain path");
    return "local";
  }
  if (url.startsWith("sftp:")) {
    if (!/^sftp:(\/\/)?[^@/:]+@[^:/]+(:\d+)?[:/].+$/.test(url))
      throw badTarget(url, "sftp needs user@host:/path");
    return "sftp";
  }
  if (url.startsWith("s3:")) {
    if (!/^s3:(https?:\/\/)?[^/\s]+\/[^/\s]+/.test(url)) throw badTarget(url, "s3 needs a host and a bucket");
    return "s3";
  }
  if (url.startsWith("rest:")) {
    if (!/^rest:https?:\/\/[^/\s]+/.test(url)) throw badTarget(url, "rest needs an http(s) URL");
    return "rest";
  }
  throw badTarget(url, "unknown kind of target");
}

function badTarget(url: string, why: string) {
  return usageError(
    `backups:target takes ${FORMS}; ${why}`,
    `for example: slipway backups:target /srv/backups`,
  );
}
