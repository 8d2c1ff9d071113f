import crypto from "node:crypto";
import { SlipwayError } from "../errors.js";
import { nameCovers } from "./domain.js";

export interface CertificateBundle {
  /** Leaf first, then any intermediates, as nginx wants them in ssl_certificate. */
  chain: string;
  key: string;
}

export interface CertificateInfo {
  names: string[];
  notAfter: Date;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/g;

/** Split PEM text (certificate chain and private key, in any order) into its parts. */
export function splitPem(text: string): CertificateBundle {
  const certs = text.match(CERT_BLOCK) ?? [];
  const keys = text.match(KEY_BLOCK) ?? [];
  if (certs.length === 0 || keys.length !== 1) {
    throw refuse(
      `expected PEM certificate(s) and exactly one private key on stdin, got ${certs.length} certificate(s) and ${keys.length} key(s)`,
    );
  }
  return { chain: certs.join("\n") + "\n", key: keys[0] + "\n" };
}

/** Check the key matches, the certificate is current, and it covers every host; pure but for the clock. */
export function inspectCertificate(
  bundle: CertificateBundle,
  hosts: string[],
  now = new Date(),
): CertificateInfo {
  const leaf = parseLeaf(bundle);
  const notAfter = new Date(leaf.validTo);
  if (notAfter <= now) throw refuse(`the certificate expired on ${notAfter.toISOString()}`);
  if (new Date(leaf.validFrom) > now)
    throw refuse(`the certificate is not valid before ${new Date(leaf.validFrom).toISOString()}`);
  const names = certificateNames(leaf);
  const missing = hosts.filter((h) => !names.some((n) => nameCovers(n, h)));
  if (missing.length)
    throw refuse(
      `the certificate (for ${names.join(", ") || "no DNS names"}) does not cover ${missing.join(", ")}`,
    );
  return { names, notAfter };
}

function parseLeaf(bundle: CertificateBundle): crypto.X509Certificate {
  let leaf: crypto.X509Certificate;
  let key: crypto.KeyObject;
  try {
    leaf = new crypto.X509Certificate(bundle.chain.match(CERT_BLOCK)![0]);
    key = crypto.createPrivateKey(bundle.key);
  } catch (err) {
    throw refuse(`the PEM data could not be read: ${(err as Error).message}`);
  }
  if (!leaf.checkPrivateKey(key)) throw refuse("the private key does not belong to the certificate");
  return leaf;
}

/** DNS names from subjectAltName, or the subject CN for old certificates without one. */
function certificateNames(cert: crypto.X509Certificate): string[] {
  const sans = (cert.subjectAltName ?? "")
    .split(/,\s*/)
    .filter((s) => s.startsWith("DNS:"))
    .map((s) => s.slice(4).toLowerCase());
  if (sans.length) return sans;
  const cn = /^CN=(.+)$/m.exec(cert.subject)?.[1];
  return cn ? [cn.toLowerCase()] : [];
}

function refuse(why: string): SlipwayError {
  return new SlipwayError("certificate", `certificate refused: ${why}`, {
    hint: "pipe the PEM certificate (with its chain) and its unencrypted private key: cat cert.pem key.pem | certs:add APP",
  });
}
