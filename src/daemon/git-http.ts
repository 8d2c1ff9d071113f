import { spawn } from "node:child_process";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "winston";
import { SlipwayError } from "../errors.js";
import { requireAccess, type Caller } from "../git/access-scope.js";
import { withEmptyRepo, withReceiveRepo } from "../git/receive-repo.js";
import { repoPath } from "../state/paths.js";
import type { Settings } from "../state/settings.js";
import { parseCgiHead } from "./cgi-response.js";
import type { GitHttpRequest } from "./git-http-path.js";

/**
 * Hand an authenticated request to `git http-backend`, the same receive-pack and pre-receive
 * hook as SSH: the deploy's output reaches the pusher over git's sideband, and a failed hook
 * rejects the push.
 */
export async function serveGitHttp(settings: Settings, git: GitHttpRequest, caller: Caller, req: IncomingMessage, res: ServerResponse, log: Logger): Promise<void> {
  requireAccess(caller, git.app); // before the repo is created or read
  const exists = fs.existsSync(repoPath(settings, git.app));
  const backend = (root: string) => runBackend(root, git, caller.name, req, res, log);
  if (git.service === "git-upload-pack" && !exists) {
    throw new SlipwayError("no-app", `there is no app named ${git.app}`, { hint: "push to it first" });
  }
  if (git.service === "git-upload-pack") return backend(settings.reposDir);
  // The advertisement is a separate request from the push: answering it must not create the repo.
  if (!exists && git.pathInfo.endsWith("/info/refs")) return withEmptyRepo(git.app, backend);
  return withReceiveRepo(settings, git.app, () => backend(settings.reposDir));
}

async function runBackend(root: string, git: GitHttpRequest, caller: string, req: IncomingMessage, res: ServerResponse, log: Logger): Promise<void> {
  const child = spawn("git", ["http-backend"], { env: cgiEnv(root, git, caller, req), stdio: ["pipe", "pipe", "pipe"] });
  child.stderr.setEncoding("utf8").on("data", (text: string) => log.warn("git http-backend", { app: git.app, stderr: text.trim() }));
  req.pipe(child.stdin);
  child.stdin.on("error", () => {}); // the backend may answer before reading everything (an error)
  await relayCgi(child.stdout, res);
  await new Promise((resolve) => (child.exitCode === null ? child.once("close", resolve) : resolve(null)));
}

function cgiEnv(root: string, git: GitHttpRequest, caller: string, req: IncomingMessage): NodeJS.ProcessEnv {
  const url = new URL(req.url ?? "/", "http://localhost");
  const h = req.headers;
  const optional = (name: string, value: string | string[] | undefined) => (typeof value === "string" ? { [name]: value } : {});
  return {
    ...process.env,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: git.pathInfo,
    REQUEST_METHOD: req.method ?? "GET",
    QUERY_STRING: url.search.slice(1),
    // receive-pack over HTTP is enabled only for an authenticated user; this is the token's name.
    REMOTE_USER: caller,
    REMOTE_ADDR: req.socket.remoteAddress ?? "",
    SLIPWAY_KEY: `token:${caller}`,
    ...optional("CONTENT_TYPE", h["content-type"]),
    ...optional("CONTENT_LENGTH", h["content-length"]),
    ...optional("HTTP_CONTENT_ENCODING", h["content-encoding"]),
    ...optional("GIT_PROTOCOL", h["git-protocol"]),
  };
}

/** Copy the CGI head into the HTTP status and headers, then stream the body as it comes. */
function relayCgi(out: NodeJS.ReadableStream, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    let started = false;
    const write = (chunk: Buffer) => {
      // A slow client (a big clone) holds the backend back instead of filling our memory.
      if (!res.write(chunk)) {
        out.pause();
        res.once("drain", () => out.resume());
      }
    };
    out.on("data", (chunk: Buffer) => {
      if (started) return write(chunk);
      head = Buffer.concat([head, chunk]);
      const parsed = parseCgiHead(head);
      if (!parsed) return;
      started = true;
      res.writeHead(parsed.status, parsed.headers);
      write(head.subarray(parsed.bodyStart));
    });
    // A client that hung up must not stall the backend: its output is dropped and the push runs to its end.
    res.once("close", () => out.resume());
    out.once("error", reject);
    out.once("end", () => {
      if (!started) return reject(new SlipwayError("git-http", "git http-backend ended without an answer"));
      res.end();
      resolve();
    });
  });
}
