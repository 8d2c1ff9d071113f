import { SlipwayError } from "../errors.js";

const APP_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * THE security boundary for app names: every entry point (SSH, CLI, hook) passes through here.
 * Accepts "myapp", "myapp.git", "/myapp" and "/myapp.git" as the same app; anything with
 * path parts, dots, uppercase or shell characters is refused.
 */
export function parseAppName(raw: string): string {
  let name = raw;
  if (name.startsWith("/")) name = name.slice(1);
  if (name.endsWith(".git")) name = name.slice(0, -4);
  if (!APP_NAME.test(name) || name.endsWith("-")) {
    throw new SlipwayError("app-name", `invalid app name ${JSON.stringify(raw)}`, {
      hint: "use 1-63 lowercase letters, digits and dashes, starting with a letter, e.g. myapp or myapp-staging",
    });
  }
  return name;
}
