import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../../state/atomic-write.js";

/** Where an engine looks for the CA of a registry at `address` (host:port); read on every pull and push. */
export function caTrustPath(address: string): string {
  return path.join("/etc/docker/certs.d", address, "ca.crt");
}

/** Make the host engine trust the cluster CA for the registry alone, not for the whole machine. */
export function trustRegistryCa(address: string, caFile: string): void {
  writeFileAtomic(caTrustPath(address), fs.readFileSync(caFile), 0o644);
}

export function untrustRegistryCa(address: string): void {
  fs.rmSync(path.dirname(caTrustPath(address)), { recursive: true, force: true });
}
