import fs from "node:fs";
import https from "node:https";
import { SlipwayError } from "../../errors.js";
import type { ClusterState } from "../../state/cluster-state.js";
import { registryAuth } from "../cluster/registry-auth.js";

const MANIFEST_TYPES = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
].join(", ");

interface Answer {
  status: number;
  body: string;
  digest?: string;
}

/**
 * Delete the manifests of an app's registry repository (registry API, by digest), all but those in
 * `keep`. The blobs stay until ops run the registry's garbage-collect; returns how many went.
 */
export async function deleteRegistryImages(
  cluster: ClusterState,
  repoName: string,
  keep: ReadonlySet<string> = new Set(),
): Promise<number> {
  const call = registryCaller(cluster);
  const tags = await call("GET", `/v2/${repoName}/tags/list`);
  if (tags.status === 404) return 0; // never pushed
  const names = (JSON.parse(tags.body || "{}") as { tags?: string[] | null }).tags ?? [];
  const digests = new Set<string>();
  for (const tag of names) {
    const head = await call("HEAD", `/v2/${repoName}/manifests/${tag}`);
    if (head.digest && !keep.has(head.digest)) digests.add(head.digest);
  }
  for (const digest of digests) {
    const res = await call("DELETE", `/v2/${repoName}/manifests/${digest}`);
    if (res.status !== 202 && res.status !== 404)
      throw new SlipwayError(
        "registry-delete",
        `the registry refused to delete ${repoName}@${digest}: HTTP ${res.status}`,
        {
          hint: "check the registry's log under the cluster state directory; the app itself is gone",
        },
      );
  }
  return digests.size;
}

/** Requests to the cluster registry over TLS with its CA and credentials; bounded in time. */
function registryCaller(cluster: ClusterState) {
  const auth = registryAuth(cluster);
  const ca = fs.readFileSync(cluster.registry.caFile);
  const [host, port] = [
    cluster.registry.address.replace(/:\d+$/, ""),
    Number(cluster.registry.address.split(":")[1]),
  ];
  const authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
  return (method: string, path: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const headers = { Authorization: authorization, Accept: MANIFEST_TYPES };
      const req = https.request({ host, port, path, method, ca, headers, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const digest = res.headers["docker-content-digest"];
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            digest: digest as string,
          });
        });
      });
      req.once("timeout", () => req.destroy(new Error(`the registry did not answer ${method} within 10s`)));
      req.once("error", reject);
      req.end();
    });
}
