import fs from "node:fs";
import https from "node:https";
import { SlipwayError } from "../../errors.js";

/** Wait until the registry answers over TLS with the cluster CA: 401 on /v2/ means it runs, wants a login. */
export async function waitForRegistry(address: string, caFile: string, log: string): Promise<void> {
  const [host, port] = splitAddress(address);
  const ca = fs.readFileSync(caFile);
  for (let i = 0; i < 50; i++) {
    if ((await probe(host, port, ca)) === 401) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new SlipwayError(
    "registry-start",
    `the registry did not answer at https://${address}/v2/ within 10 s`,
    {
      hint: `see ${log}; is port ${port} taken? pass --registry-port to choose another`,
    },
  );
}

export function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(":");
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}

function probe(host: string, port: number, ca: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = https.get({ host, port, path: "/v2/", ca, timeout: 2000, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(0));
  });
}
