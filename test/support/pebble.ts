import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { freePort } from "./harness.js";

/**
 * Debian's pebble (a real ACME server) on loopback, with pebble-challtestsrv as its DNS server
 * answering 127.0.0.1 for every name: HTTP-01 validation really fetches the token from our nginx.
 */
export class Pebble {
  readonly caFile: string;
  directoryUrl = "";
  private children: ChildProcess[] = [];
  private managementPort = 0;

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.caFile = path.join(dir, "listener-ca.pem");
  }

  /** httpPort is where pebble sends HTTP-01 validation requests: the test's nginx. */
  async start(httpPort: number): Promise<this> {
    const [acmePort, managementPort, dnsPort, challMgmt, unusedTls] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    this.managementPort = managementPort;
    this.makeListenerCert();
    const config = {
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${managementPort}`,
        certificate: path.join(this.dir, "listener.pem"),
        privateKey: path.join(this.dir, "listener.key"),
        httpPort,
        tlsPort: unusedTls,
        ocspResponderURL: "",
        externalAccountBindingRequired: false,
      },
    };
    fs.writeFileSync(path.join(this.dir, "pebble.json"), JSON.stringify(config));
    this.spawn([
      "pebble-challtestsrv",
      "-dns01",
      `127.0.0.1:${dnsPort}`,
      "-http01",
      "",
      "-https01",
      "",
      "-tlsalpn01",
      "",
      "-management",
      `127.0.0.1:${challMgmt}`,
      "-defaultIPv4",
      "127.0.0.1",
      "-defaultIPv6",
      "",
    ]);
    // No sleep before validating and no made-up bad nonces: both only slow a test down. No reuse of
    // earlier authorizations either, so every issuance and renewal really answers a challenge.
    const env = { PEBBLE_VA_NOSLEEP: "1", PEBBLE_WFE_NONCEREJECT: "0", PEBBLE_AUTHZREUSE: "0" };
    this.spawn(
      ["pebble", "-config", path.join(this.dir, "pebble.json"), "-dnsserver", `127.0.0.1:${dnsPort}`],
      env,
    );
    this.directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
    await this.waitUntilUp();
    return this;
  }

  /** The root pebble issues under; a client that trusts it can check HTTPS through nginx. */
  issuingRoot(): Promise<string> {
    return this.get(`https://127.0.0.1:${this.managementPort}/roots/0`);
  }

  stop(): void {
    for (const child of this.children) child.kill("SIGTERM");
  }

  /** Pebble's own HTTPS listener needs a certificate; the package ships none, so make a CA and a leaf for 127.0.0.1. */
  private makeListenerCert(): void {
    const f = (name: string) => path.join(this.dir, name);
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    const openssl = (args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
    openssl([
      "req",
      "-x509",
      ...ec,
      "-keyout",
      f("ca.key"),
      "-out",
      this.caFile,
      "-days",
      "2",
      "-subj",
      "/CN=slipway test pebble CA",
    ]);
    openssl([
      "req",
      ...ec,
      "-keyout",
      f("listener.key"),
      "-out",
      f("listener.csr"),
      "-subj",
      "/CN=localhost",
    ]);
    fs.writeFileSync(f("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl([
      "x509",
      "-req",
      "-in",
      f("listener.csr"),
      "-CA",
      this.caFile,
      "-CAkey",
      f("ca.key"),
      "-CAcreateserial",
      "-out",
      f("listener.pem"),
      "-days",
      "2",
      "-extfile",
      f("ext.cnf"),
    ]);
  }

  private spawn(argv: string[], env: Record<string, string> = {}): void {
    const child = spawn(argv[0], argv.slice(1), {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ...env },
    });
    child.stderr!.on("data", () => {});
    this.children.push(child);
  }

  private async waitUntilUp(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (
        await this.get(this.directoryUrl).then(
          () => true,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("pebble did not come up within 10s");
  }

  private get(url: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = https.get(url, { ca: fs.readFileSync(this.caFile), timeout: 2000, agent: false }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () =>
          res.statusCode === 200 ? resolve(body) : reject(new Error(`GET ${url}: ${res.statusCode}`)),
        );
      });
      req.once("timeout", () => req.destroy(new Error(`GET ${url} timed out`)));
      req.once("error", reject);
    });
  }
}
