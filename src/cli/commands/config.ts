import { SlipwayError, usageError } from "../../errors.js";
import { redeploy } from "../../release/redeploy.js";
import { withAppSession } from "../../release/app-session.js";
import { loadApp, requireApp, type Release } from "../../state/app-state.js";
import { loadConfig, saveConfig } from "../../state/config.js";
import type { Settings } from "../../state/settings.js";
import { say } from "../../output.js";
import { appCommand, arg, many, optional, readStdin, type Command } from "../command.js";
import { printReleaseJson } from "../release-json.js";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const configCommands: Command[] = [
  appCommand({
    usage: "config APP [--json]",
    summary: "list the deployment's config names (values stay secret; see config:get)",
    table: ["name"],
    async run({ args: [app] }) {
      return Object.keys(loadConfig(app)).map((name) => ({ name }));
    },
  }),
  appCommand({
    usage: "config:get APP KEY",
    summary: "print one config value exactly as stored",
    args: [arg("KEY")],
    async run({ args: [app, key] }) {
      const vars = loadConfig(app);
      if (!Object.hasOwn(vars, key))
        throw new SlipwayError("no-config", `${app} has no config named ${key}`, {
          hint: `see \`config ${app}\``,
        });
      process.stdout.write(vars[key]);
      if (process.stdout.isTTY) process.stdout.write("\n");
    },
  }),
  appCommand({
    usage:
      "config:set APP KEY=VALUE... [--no-restart] [--json] | config:set APP KEY --stdin | config:set APP --stdin < vars.json",
    summary: "set config vars and restart the services that use them",
    flags: { "no-restart": { type: "boolean" }, stdin: { type: "boolean" }, json: { type: "boolean" } },
    args: [optional(many(arg("KEY=VALUE")))],
    async run({ args, flags, settings, remote, pusher }) {
      const app = args[0];
      const pairs = flags.stdin ? stdinPair(args, await readStdin()) : parsePairs(app, args.slice(1), remote);
      if (!pairs.length)
        throw usageError(
          "config:set needs at least one KEY=VALUE",
          "slipway config:set myapp MODE=production",
        );
      const keys = pairs.map(([k]) => k);
      const release = await changeConfig(
        settings,
        app,
        !flags["no-restart"],
        (vars) => pairs.forEach(([k, v]) => (vars[k] = v)),
        keys,
        pusher,
      );
      if (flags.json) printReleaseJson(app, release, { set: keys });
    },
  }),
  appCommand({
    usage: "config:unset APP KEY... [--no-restart]",
    summary: "remove config vars and restart the services that used them",
    flags: { "no-restart": { type: "boolean" } },
    args: [many(arg("KEY"))],
    async run({ args: [app, ...keys], flags, settings, pusher }) {
      const missing = keys.filter((k) => !Object.hasOwn(loadConfig(app), k));
      if (missing.length)
        throw new SlipwayError("no-config", `${app} has no config named ${missing.join(", ")}`, {
          hint: `see \`config ${app}\`; nothing was changed`,
        });
      await changeConfig(
        settings,
        app,
        !flags["no-restart"],
        (vars) => keys.forEach((k) => delete vars[k]),
        keys,
        pusher,
      );
    },
  }),
];

function parsePairs(app: string, args: string[], remote: boolean): [string, string][] {
  const example = quotedExample(app, remote);
  return args.map((arg, i) => {
    // A value with spaces that lost its quotes arrives as KEY=first-word, then the rest as words of their own.
    if (!arg.includes("=") && args.slice(0, i).some((a) => a.includes("="))) {
      const how = remote
        ? "quote the value inside the quoted ssh command (or use the slipway client)"
        : "quote it";
      const what = "an argument without = follows a KEY=VALUE: was a value with spaces split into words?";
      throw usageError(what, `${how}: ${example}`);
    }
    return parsePair(arg, example);
  });
}

/** ssh joins its words and the server splits them again, so over ssh the whole command is quoted too. */
function quotedExample(app: string, remote: boolean): string {
  const pair = "'GREETING=hello world'";
  return remote ? `ssh git@HOST "config:set ${app} ${pair}"` : `slipway config:set ${app} ${pair}`;
}

function parsePair(arg: string, example: string): [string, string] {
  const eq = arg.indexOf("=");
  const key = eq < 0 ? arg : arg.slice(0, eq);
  if (eq < 0 || !ENV_NAME.test(key)) {
    // Never echo the argument: a value typed without its KEY= is still a secret.
    const what = eq < 0 ? "an argument without =" : `the key of an argument (${key.length} characters)`;
    throw usageError(`${what} is not KEY=VALUE with a KEY of letters, digits and _`, example);
  }
  return [key, arg.slice(eq + 1)];
}

/** The value comes byte for byte from stdin: the way to set newlines over SSH. Without KEY, stdin is a JSON object of them. */
function stdinPair(args: string[], value: string): [string, string][] {
  if (args.length === 1) return jsonPairs(value);
  if (args.length !== 2 || !ENV_NAME.test(args[1]))
    throw usageError(
      "config:set APP KEY --stdin takes one KEY",
      'printf %s "$PEM" | ssh git@host config:set myapp TLS_KEY --stdin',
    );
  return [[args[1], value]];
}

function jsonPairs(text: string): [string, string][] {
  const example = 'echo \'{"MODE": "production"}\' | slipway config:set myapp --stdin';
  let vars: unknown;
  try {
    vars = JSON.parse(text);
  } catch {
    throw usageError(
      "config:set APP --stdin reads a JSON object of KEY: VALUE strings, and stdin is not JSON",
      example,
    );
  }
  if (typeof vars !== "object" || vars === null || Array.isArray(vars))
    throw usageError("config:set APP --stdin reads a JSON object of KEY: VALUE strings", example);
  const pairs = Object.entries(vars);
  const bad = pairs
    .filter(([k, v]) => !ENV_NAME.test(k) || typeof v !== "string")
    .map(([k]) => JSON.stringify(k));
  if (bad.length)
    throw usageError(`not a KEY of letters, digits and _ with a string value: ${bad.join(", ")}`, example);
  return pairs as [string, string][];
}

/** Change the stored config under the app lock, then redeploy so services that use it restart. */
/** The new release, or undefined when nothing was restarted. */
async function changeConfig(
  settings: Settings,
  app: string,
  restart: boolean,
  edit: (vars: Record<string, string>) => void,
  names: string[],
  pusher: string | undefined,
): Promise<Release | undefined> {
  return withAppSession(settings, app, async () => {
    requireApp(app); // again under the lock: an apps:destroy may have finished while this waited
    const before = loadConfig(app);
    const vars = { ...before };
    edit(vars);
    saveConfig(app, vars);
    say.step(`Config of ${app} changed: ${names.join(", ")}`);
    if (!restart || !loadApp(app)?.current) {
      say.step(
        restart
          ? "Not deployed yet; it applies on the first push"
          : "Not restarted (--no-restart); it applies on the next deploy",
      );
      return undefined;
    }
    try {
      const release = await redeploy(settings, app, "config", pusher);
      say.step(`Release ${release.number} of ${app} is live`);
      return release;
    } catch (err) {
      saveConfig(app, before); // a change the services could not run with is not kept
      throw err;
    }
  });
}
