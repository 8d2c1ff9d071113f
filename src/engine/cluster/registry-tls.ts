import fs from "node:fs";
import net from "node:net";
import { SlipwayError } from "../../errors.js";
import { paths } from "../../state/paths.js";
import { runProgram } from "../../system/run-program.js";

/** The CA every node trusts and the registry's key pair it signs, in the cluster directory. */
export const registryTlsFiles = () => ({
  caKey: paths.clusterFile("ca.key"),
  caCert: paths.clusterFile("ca.crt"),
  key: paths.clusterFile("registry.key"),
  csr: paths.clusterFile("registry.csr"),
  cert: paths.clusterFile("registry.crt"),
});

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/** A ten-year CA of this cluster's own, used for nothing but the registry. */
export function caArgv(key: string, cert: string): string[] {
  return [
    ...["openssl", "req", "-x509", ...EC, "-keyout", key, "-out", cert, "-days", "3650"],
    ...["-subj", "/CN=Slipway cluster registry CA"],
    ...["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
  ];
}

/** The registry's request: the host nodes dial is its subject alternative name, as an IP or a DNS name. */
export function serverRequestArgv(key: string, csr: string, host: string): string[] {
  const san = net.isIP(host) ? `IP:${host}` : `DNS:${host}`;
  return [
    ...["openssl", "req", "-new", ...EC, "-keyout", key, "-out", csr, "-subj", `/CN=${host}`],
    ...["-addext", `subjectAltName=${san}`],
  ];
}

export function signArgv(csr: string, caCert: string, caKey: string, cert: string): string[] {
  return [
    ...["openssl", "x509", "-req", "-in", csr, "-CA", caCert, "-CAkey", caKey, "-CAcreateserial"],
    ...["-days", "825", "-copy_extensions", "copyall", "-out", cert],
  ];
}

/** Create the CA once and a registry certificate for `host` when there is none for it yet. */
export async function ensureRegistryTls(host: string): Promise<void> {
  const f = registryTlsFiles();
  fs.mkdirSync(paths.clusterDir(), { recursive: true, mode: 0o711 });
  if (!fs.existsSync(f.caCert) || !fs.existsSync(f.caKey)) await openssl(caArgv(f.caKey, f.caCert));
  if (await certCovers(f.cert, host)) return;
  await openssl(serverRequestArgv(f.key, f.csr, host));
  await openssl(signArgv(f.csr, f.caCert, f.caKey, f.cert));
  fs.rmSync(f.csr, { force: true });
  for (const key of [f.caKey, f.key]) fs.chmodSync(key, 0o600);
  fs.chmodSync(f.caCert, 0o644);
}

async function certCovers(cert: string, host: string): Promise<boolean> {
  if (!fs.existsSync(cert)) return false;
  const check = net.isIP(host) ? "-checkip" : "-checkhost";
  const res = await runProgram(["openssl", "x509", "-in", cert, "-noout", check, host]);
  return res.code === 0 && / does match /.test(res.stdout);
}

async function openssl(argv: string[]): Promise<void> {
  const res = await runProgram(argv);
  if (res.code !== 0)
    throw new SlipwayError(
      "registry-tls",
      `openssl could not make the registry's certificates: ${res.stderr.trim()}`,
      {
        hint: `check that openssl 3 is installed and ${paths.clusterDir()} writable; run cluster:init again`,
      },
    );
}
