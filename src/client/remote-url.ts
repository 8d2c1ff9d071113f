import { SlipwayError } from "../errors.js";

/** Where a git remote points: the SSH destination and the app its path names. */
export interface SshRemote {
  /** `user@host` or `host`, as ssh takes it. */
  destination: string;
  port?: string;
  app: string;
}

/** A remote was found, or else the error saying why not. */
export function isRemote(found: unknown): found is SshRemote {
  return typeof (found as SshRemote)?.destination === "string";
}

const SSH_URL = /^(?:ssh|git\+ssh|ssh\+git):\/\/(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+)(?::(\d*))?(\/.*)$/;
const SCP_LIKE = /^(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+):(.*)$/;

/**
 * Read the remote URL forms git accepts for SSH: `ssh://[user@]host[:port]/app[.git]` and the
 * scp-like `[user@]host:app[.git]`. Anything else (https, a local path) is refused here.
 */
export function parseRemoteUrl(remote: string, url: string): SshRemote {
  if (/^https?:\/\//i.test(url)) throw httpRemote(remote, url);
  const ssh = SSH_URL.exec(url);
  if (ssh)
    return sshRemote(remote, url, { user: ssh[1], host: ssh[2], port: ssh[3] || undefined, path: ssh[4] });
  // As git does: `a/b:c` (a slash before the first colon) and `C:\\app` are local paths.
  const local = url.includes("://") || /^[A-Za-z]:[\\/]/.test(url);
  const scp = local ? null : SCP_LIKE.exec(url);
  if (scp) return sshRemote(remote, url, { user: scp[1], host: scp[2], path: scp[3] });
  throw new SlipwayError("remote-url", `git remote ${remote} (${url}) is not an SSH URL`, {
    hint: `point it at your server: git remote set-url ${remote} git@HOST:APP`,
  });
}

interface UrlParts {
  user?: string;
  host: string;
  port?: string;
  path: string;
}

function sshRemote(remote: string, url: string, at: UrlParts): SshRemote {
  const host = at.host.replace(/^\[(.*)\]$/, "$1");
  // A host or user starting with "-" would reach ssh as an option (git refuses these too).
  if (host.startsWith("-") || at.user?.startsWith("-"))
    throw badRemote(remote, url, "its host or user starts with -");
  const app = appOfPath(at.path);
  if (!app) throw badRemote(remote, url, `its path ${JSON.stringify(at.path)} is not an app name`);
  return { destination: at.user ? `${at.user}@${host}` : host, port: at.port, app };
}

/** `app`, `/app`, `~/app`, `app.git`, `app/`: the app is the one path part; the server checks the name. */
function appOfPath(path: string): string | undefined {
  const name = path
    .replace(/^\/*(~\/+)?/, "")
    .replace(/\/+$/, "")
    .replace(/\.git$/, "");
  return name && !name.includes("/") ? name : undefined;
}

function badRemote(remote: string, url: string, why: string): SlipwayError {
  return new SlipwayError("remote-url", `git remote ${remote} (${url}) does not name a Slipway app: ${why}`, {
    hint: `point it at your app: git remote set-url ${remote} git@HOST:APP`,
  });
}

// Commands over HTTPS would need the API to carry every command; today it deploys templates only.
function httpRemote(remote: string, url: string): SlipwayError {
  const what = `git remote ${remote} (${url}) is HTTPS; the slipway client sends commands over SSH`;
  return new SlipwayError("remote-url", what, {
    hint: `add an SSH remote for the app (git remote add ${remote}-ssh git@HOST:APP) and pass --remote ${remote}-ssh`,
  });
}
