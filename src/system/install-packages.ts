import { SlipwayError } from "../errors.js";
import { runProgram } from "./run-program.js";

/** The Debian packages of `names` that dpkg does not list as installed. */
export async function missingPackages(names: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of names) {
    const res = await runProgram(["dpkg-query", "-W", "-f=${Status}", name]);
    if (!res.stdout.includes("install ok installed")) missing.push(name);
  }
  return missing;
}

/** apt-get install what is missing; waits for another apt-get rather than failing on its lock. */
export async function installPackages(names: string[]): Promise<string[]> {
  const missing = await missingPackages(names);
  if (missing.length === 0) return [];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const lock = ["-o", "DPkg::Lock::Timeout=300"];
  for (const argv of [
    ["apt-get", ...lock, "update", "-qq"],
    ["apt-get", ...lock, "install", "-y", "-qq", "--no-install-recommends", ...missing],
  ]) {
    const res = await runProgram(argv, { env });
    if (res.code !== 0)
      throw new SlipwayError("apt", `apt-get could not install ${missing.join(", ")}: ${res.stderr.trim()}`, {
        hint: `install them by hand (apt-get install ${missing.join(" ")}) and run the command again`,
      });
  }
  return missing;
}
