import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** A self-signed P-256 certificate made by the real openssl: the certificate alone (to trust) and with its key. */
export function selfSigned(
  dir: string,
  name: string,
  san: string,
  days = 10,
): { cert: string; bundle: string } {
  const key = path.join(dir, `${name}.key`);
  const crt = path.join(dir, `${name}.crt`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      key,
      "-out",
      crt,
      "-days",
      String(days),
      "-subj",
      `/CN=${name}`,
      "-addext",
      `subjectAltName=${san}`,
    ],
    { stdio: "ignore" },
  );
  const cert = fs.readFileSync(crt, "utf8");
  return { cert, bundle: cert + fs.readFileSync(key, "utf8") };
}
