import { spawn } from "node:child_process";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "winston";
import { SlipwayError } from "../errors.js";
import { requireAccess, scopeEnv, type Caller } from "../git/access-scope.js";
import { withEmptyRepo, withReceiveRepo } from "../git/receive-repo.js";
import { repoPath } from "../state/paths.js";
import type { Settings } from "../state/settings.js";
import type { GitHttpRequest } from "./git-http-path.js";
import { relayCgi } from "./relay-cgi.js";

/**
 * Hand an authenticated request to `git http-backend`, the same receive-pack and pre-receive
 * hook as SSH: the deploy's output reaches the pusher over git's sideband, and a failed hook
 * rejects the push.
 */
export async function serveGitHttp(
  settings: Settings,
  git: GitHttpRequest,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  log: Logger,
): Promise<void> {
  requireAccess(caller, git.app); // before the repo is created or read
  const exists = fs.existsSync(repoPath(settings, git.app));
  const backend = (root: string) => runBackend(root, git, caller, req, res, log);
  if (git.service === "git-upload-pack" && !exists) {
    throw new SlipwayError("no-app", `there is no app named ${git.app}`, { hint: "push to it first" });
  }
  if (git.service === "git-upload-pack") return backend(settings.reposDir);
  // The advertisement is a separate request from the push: answering it must not create the repo.
  if (!exists && git.pathInfo.endsWith("/info/refs")) return withEmptyRepo(git.app, backend);
  // git probes a large push with a lone flush packet ("0000") first; that must not create the repo either.
  if (!exists && req.headers["content-length"] === "4") return withEmptyRepo(git.app, backend);
  return withReceiveRepo(settings, git.app, () => backend(settings.reposDir));
}

async function runBackend(
  root: string,
  git: GitHttpRequest,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  log: Logger,
): Promise<void> {
  const child = spawn("git", ["http-backend"], {
    env: cgiEnv(root, git, caller, req),
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stderr
    .setEncoding("utf8")
    .on("data", (text: string) => log.warn("git http-backend", { app: git.app, stderr: text.trim() }));
  req.pipe(child.stdin);
  child.stdin.on("error", () => {}); // the backend may answer before reading everything (an error)
  // A client gone mid-upload left an incomplete pack: end the backend's input so it gives up, not waits.
  const cutOff = () => req.complete || child.stdin.destroy();
  if (req.destroyed)
    cutOff(); // it left while the repository was being prepared
  else req.once("close", cutOff);
  await relayCgi(child.stdout, req, res);
  await new Promise((resolve) => (child.exitCode === null ? child.once("close", resolve) : resolve(null)));
}

function cgiEnv(root: string, git: GitHttpRequest, caller: Caller, req: IncomingMessage): NodeJS.ProcessEnv {
  const url = new URL(req.url ?? "/", "http://localhost");
  const h = req.headers;
  const optional = (name: string, value: string | string[] | undefined) =>
    typeof value === "string" ? { [name]: value } : {};
  return {
    ...process.env,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: git.pathInfo,
    REQUEST_METHOD: req.method ?? "GET",
    QUERY_STRING: url.search.slice(1),
    // receive-pack over HTTP is enabled only for an authenticated user; this is the token's name.
    REMOTE_USER: caller.name,
    REMOTE_ADDR: req.socket.remoteAddress ?? "",
    SLIPWAY_KEY: `token:${caller.name}`,
    ...scopeEnv(caller.scope), // the hook builds only from images this token may use
    ...optional("CONTENT_TYPE", h["content-type"]),
    // No CONTENT_LENGTH: Node has framed the body already, and with one git 2.39's http-backend
    // spins forever on a body cut short. Without it, it reads to the end of its input.
    ...optional("HTTP_CONTENT_ENCODING", h["content-encoding"]),
    ...optional("GIT_PROTOCOL", h["git-protocol"]),
  };
}
