// `npm run bench:proxy`: requests per second through the app's nginx vhost against straight to its
// container port, in the same run, over HTTP and over TLS, measured with wrk.
import fs from "node:fs";
import path from "node:path";
import { BASE_IMAGE, BASE_LABEL, engine, removeLabelled } from "../test/support/base-image.js";
import { Harness, WorkTree, run } from "../test/support/harness.js";
import { selfSigned } from "../test/support/self-signed.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const TARGET = 0.9;
// wrk sends the URL's host as SNI and resolves it itself, so the TLS case routes the name "localhost".
const TLS_HOST = "localhost";

type Case = "direct" | "nginx-http" | "nginx-tls";

/** wrk's requests/sec for one URL; a non-2xx answer or a failed connect, read or write fails the run. */
async function wrk(url: string, host?: string): Promise<number> {
  const args = ["wrk", "-t2", "-c16", `-d${SECONDS}s`, ...(host ? ["-H", `Host: ${host}`] : []), url];
  const res = await run(args, { timeoutMs: (SECONDS + 30) * 1000 });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(res.stdout)?.[1];
  if (
    res.code !== 0 ||
    !rps ||
    /Non-2xx|Socket errors: connect [1-9]|read [1-9]|write [1-9]/.test(res.stdout)
  )
    throw new Error(`wrk ${url} failed:\n${res.stdout}${res.stderr}`);
  return Number(rps);
}

async function ok(res: Promise<{ code: number; stderr: string }>, what: string): Promise<void> {
  const r = await res;
  if (r.code !== 0) throw new Error(`${what} failed: ${r.stderr}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const h = new Harness();
const hadBase = await engine
  .getImage(BASE_IMAGE)
  .inspect()
  .then(
    () => true,
    () => false,
  );
let work: WorkTree | undefined;
try {
  await h.start();
  work = await new WorkTree(h.clientEnv()).init("hello");
  await ok(work.push(h.remoteUrl("hello")), "push");
  await ok(h.slipway(["domains:add", "hello", TLS_HOST]), "domains:add");
  await ok(
    h.slipway(["certs:add", "hello"], selfSigned(h.dir, TLS_HOST, `DNS:${TLS_HOST}`).bundle),
    "certs:add",
  );
  const hostPort = JSON.parse(fs.readFileSync(path.join(h.state, "apps", "hello", "app.json"), "utf8"))
    .current.services.web.containers[0].hostPort;
  const urls: Record<Case, [string, string?]> = {
    direct: [`http://127.0.0.1:${hostPort}/`],
    "nginx-http": [`http://127.0.0.1:${h.nginxPort}/`, `hello.${h.domain}`],
    "nginx-tls": [`https://${TLS_HOST}:${h.tlsPort}/`],
  };
  const results: Record<Case, number[]> = { direct: [], "nginx-http": [], "nginx-tls": [] };
  for (let round = 1; round <= ROUNDS; round++) {
    // Interleaved, so a noisy neighbour slows every case alike.
    for (const c of Object.keys(urls) as Case[]) results[c].push(await wrk(...urls[c]));
    process.stderr.write(`round ${round}/${ROUNDS} done\n`);
  }
  console.log(
    `\nproxy overhead, ${new Date().toISOString().slice(0, 10)}, ${ROUNDS} rounds of ${SECONDS}s, wrk -t2 -c16 (requests/sec)\n`,
  );
  for (const c of Object.keys(urls) as Case[])
    console.log(
      `${c.padEnd(11)} ${results[c].map((r) => r.toFixed(0).padStart(7)).join(" ")}   median ${median(results[c]).toFixed(0)}`,
    );
  // Each round's ratio compares runs seconds apart, so load from other work on the machine cancels out better.
  const ratios = (c: Case) => results[c].map((r, i) => r / results.direct[i]);
  const show = (c: Case) =>
    `${ratios(c)
      .map((r) => r.toFixed(2))
      .join(" ")}   median ${median(ratios(c)).toFixed(2)}`;
  console.log(
    `\nnginx HTTP / direct by round  ${show("nginx-http")}   target >= ${TARGET}: ${median(ratios("nginx-http")) >= TARGET ? "MET" : "NOT MET"}`,
  );
  console.log(`nginx TLS / direct by round   ${show("nginx-tls")}`);
} catch (err) {
  console.error(` !     benchmark failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  work?.remove();
  await h.stop();
  if (!hadBase) await removeLabelled(BASE_LABEL);
}
