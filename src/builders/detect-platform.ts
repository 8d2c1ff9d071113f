import { SlipwayError } from "../errors.js";

export type Platform = "node" | "python" | "static" | "go";

/** What each platform is recognised by, in the order they are tried. */
export const PLATFORM_MARKERS: ReadonlyArray<{ platform: Platform; marker: string }> = [
  { platform: "node", marker: "package.json" },
  { platform: "python", marker: "requirements.txt" },
  { platform: "go", marker: "go.mod" },
  // Last: many repositories of other kinds carry an index.html too.
  { platform: "static", marker: "index.html" },
];

export interface DetectedPlatform {
  platform: Platform;
  marker: string;
}

/** Recognise the platform from the top-level file names of the pushed tree. */
export function detectPlatform(files: readonly string[]): DetectedPlatform {
  const found = PLATFORM_MARKERS.find((m) => files.includes(m.marker));
  if (found) return found;
  const looked = PLATFORM_MARKERS.map((m) => `${m.marker} (${m.platform})`).join(", ");
  throw new SlipwayError(
    "unrecognised-app",
    `could not tell how to build this app: no Dockerfile, and none of ${looked} at the top of the repository`,
    {
      hint: "add a Dockerfile, or one of those files; or install a buildpack builder image (see docs/builders.md)",
    },
  );
}

/**
 * The command the web process runs when the Procfile names none. Node's `npm start` needs a
 * start script or a server.js; the others have one conventional entry point.
 */
export function defaultWebCommand(
  platform: Platform,
  files: readonly string[],
  packageJson?: string,
): string {
  if (platform === "node") {
    if (hasStartScript(packageJson) || files.includes("server.js")) return "npm start";
    throw noWebCommand("package.json has no scripts.start and there is no server.js");
  }
  if (platform === "python") {
    if (files.includes("app.py")) return "python app.py";
    throw noWebCommand("there is no app.py");
  }
  if (platform === "go") return "/usr/local/bin/app";
  return 'httpd -f -p "$PORT" -h /app';
}

function hasStartScript(packageJson: string | undefined): boolean {
  try {
    return typeof JSON.parse(packageJson ?? "{}")?.scripts?.start === "string";
  } catch (err) {
    throw new SlipwayError("bad-package-json", `package.json is not valid JSON: ${(err as Error).message}`, {
      hint: "fix package.json and push again",
    });
  }
}

function noWebCommand(why: string): SlipwayError {
  return new SlipwayError(
    "no-web-command",
    `no command to start the web process: no Procfile with a web type, and ${why}`,
    {
      hint: "add a Procfile with a line such as `web: node server.js`",
    },
  );
}
