import { SlipwayError } from "../errors.js";
import { runProgram } from "../system/run-program.js";

const USER = /^[A-Za-z0-9._@-]{1,64}$/;

/** htpasswd user names: no colon or newline can reach the file. */
export function parseAuthUser(raw: string): string {
  if (!USER.test(raw)) {
    throw new SlipwayError("auth-user", `invalid user name ${JSON.stringify(raw)}`, {
      hint: "use 1-64 letters, digits, dots, dashes, underscores or @",
    });
  }
  return raw;
}

/**
 * SHA-512 crypt ($6$, 5000 rounds) by `openssl passwd`, password on stdin so it never shows in
 * ps. nginx hands $6$ hashes to the system crypt(3), which supports them on Debian.
 */
export async function hashPassword(password: string): Promise<string> {
  const line = password.replace(/\r?\n$/, "");
  if (!line)
    throw new SlipwayError("auth-password", "the password on stdin is empty", {
      hint: "echo 'secret' | auth:set APP USER",
    });
  if (/[\r\n]/.test(line))
    throw new SlipwayError("auth-password", "the password must be one line", {
      hint: "echo 'secret' | auth:set APP USER",
    });
  const res = await runProgram(["openssl", "passwd", "-6", "-stdin"], { input: `${line}\n` });
  const hash = res.stdout.trim();
  if (res.code !== 0 || !/^\$6\$[./A-Za-z0-9]+\$[./A-Za-z0-9]+$/.test(hash)) {
    throw new SlipwayError(
      "auth-hash",
      `openssl could not hash the password: ${res.stderr.trim() || "unexpected output"}`,
    );
  }
  return hash;
}
