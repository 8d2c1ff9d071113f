import { SlipwayError, usageError } from "../../errors.js";
import { say } from "../../output.js";
import { listPreviews } from "../../release/previews/list-previews.js";
import { destroyAllPreviews, prunePreviews } from "../../release/previews/prune-previews.js";
import { withAppLock } from "../../state/app-lock.js";
import { listApps } from "../../state/app-state.js";
import { parseBranchPatterns } from "../../state/previews/branch-patterns.js";
import { labelRoom, MIN_LABEL_ROOM } from "../../state/previews/preview-name.js";
import {
  DEFAULT_MAX_PREVIEWS,
  loadPreviewSettings,
  removePreviewSettings,
  savePreviewSettings,
  type PreviewSettings,
} from "../../state/previews/preview-settings.js";
import { parseAge } from "../../state/previews/stale-previews.js";
import { appCommand, arg, localCommand, many, optional, type Command } from "../command.js";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DAY_MS = 86_400_000;

export const previewsCommands: Command[] = [
  appCommand({
    usage: "previews:enable APP [--branches 'feature/*,fix-*'] [--max N] [--public]",
    summary: "deploy a preview of each matching branch pushed (APP--BRANCH at BRANCH.APP.DOMAIN)",
    flags: { branches: { type: "string" }, max: { type: "string" }, public: { type: "boolean" } },
    lock: "app",
    async run({ args: [app], flags }) {
      if (labelRoom(app) < MIN_LABEL_ROOM)
        throw usageError(
          `${app} is too long a name for previews`,
          "previews need app names of 52 characters or less",
        );
      const owner = previewOwner(app);
      if (owner)
        throw new SlipwayError(
          "preview-of-preview",
          `${app} is a preview of ${owner}, and previews have none`,
          {
            hint: `previews of ${owner}'s branches are set with \`previews:enable ${owner}\``,
          },
        );
      const prefs = enabledSettings(app, flags);
      savePreviewSettings(app, prefs);
      const auth = prefs.public ? "public" : "behind the app's HTTP auth, if it has any";
      say.step(
        `Previews of ${app} are on for branches ${prefs.branches.join(", ")}: at most ${prefs.max}, ${auth}`,
      );
    },
  }),
  appCommand({
    usage: "previews:disable APP",
    summary: "turn previews off and destroy every preview of APP with its volumes",
    lock: "app",
    async run({ args: [app], settings }) {
      const gone = await destroyAllPreviews(settings, app);
      removePreviewSettings(app);
      say.step(`Previews of ${app} are off${gone.length ? `; destroyed ${gone.length} preview(s)` : ""}`);
    },
  }),
  appCommand({
    usage: "previews:list APP [--json]",
    summary: "list APP's previews with their branch, URL, age and last push",
    table: ["branch", "name", "url", "release", "age", "pushed"],
    async run({ args: [app], settings }) {
      requirePreviews(app);
      const now = Date.now();
      return listPreviews(settings, app).map((p) => ({
        ...p,
        age: ageOf(now, p.createdAt),
        pushed: p.lastPush,
      }));
    },
  }),
  appCommand({
    usage: "previews:config APP [KEY=VALUE...]",
    summary:
      "set config for APP's previews only (laid over APP's config at each preview push); alone, list names",
    args: [optional(many(arg("KEY=VALUE")))],
    lock: "app",
    table: ["name"],
    async run({ args: [app, ...pairs] }) {
      const prefs = requirePreviews(app);
      const config = { ...prefs.config, ...Object.fromEntries(pairs.map(parsePair)) };
      if (pairs.length) {
        savePreviewSettings(app, { ...prefs, config });
        say.step(`Preview config of ${app} changed: ${pairs.map((p) => parsePair(p)[0]).join(", ")}`);
      }
      return Object.keys(config).map((name) => ({ name }));
    },
  }),
  appCommand({
    usage: "previews:prune APP --older-than AGE",
    summary: "destroy APP's previews not pushed for AGE (14d, 12h, 30m), with their volumes",
    flags: { "older-than": { type: "string" } },
    lock: "app",
    async run({ args: [app], flags, settings }) {
      if (typeof flags["older-than"] !== "string")
        throw usageError(
          "previews:prune needs --older-than AGE",
          `slipway previews:prune ${app} --older-than 14d`,
        );
      const maxAge = parseAge(flags["older-than"]);
      requirePreviews(app);
      const gone = await prunePreviews(settings, app, maxAge);
      say.step(`Pruned ${gone.length} preview(s) of ${app}${gone.length ? `: ${gone.join(", ")}` : ""}`);
    },
  }),
  localCommand({
    usage: "previews:auto-prune",
    summary:
      "destroy every app's previews older than the previews.maxAgeDays setting (slipwayd runs it daily)",
    hidden: true,
    args: [],
    async run({ settings }) {
      const days = settings.previews.maxAgeDays;
      if (!(days > 0)) {
        say.step("previews.maxAgeDays is 0: previews are never pruned by age");
        return;
      }
      for (const app of listApps().filter((a) => loadPreviewSettings(a.name))) {
        const gone = await withAppLock(settings, app.name, () =>
          prunePreviews(settings, app.name, days * DAY_MS),
        );
        if (gone.length) say.step(`Pruned ${gone.length} preview(s) of ${app.name}: ${gone.join(", ")}`);
      }
    },
  }),
];

/** The settings previews:enable leaves: its flags over what was set before (config and previews kept). */
function enabledSettings(app: string, flags: Record<string, string | boolean | undefined>): PreviewSettings {
  const before = loadPreviewSettings(app);
  const max = flags.max === undefined ? (before?.max ?? DEFAULT_MAX_PREVIEWS) : Number(flags.max);
  if (!Number.isInteger(max) || max < 1 || max > 100)
    throw usageError(
      `--max must be a whole number from 1 to 100, got ${flags.max}`,
      `slipway previews:enable ${app} --max 5`,
    );
  return {
    branches:
      typeof flags.branches === "string" ? parseBranchPatterns(flags.branches) : (before?.branches ?? ["*"]),
    max,
    public: !!flags.public,
    config: before?.config ?? {},
    previews: before?.previews ?? {},
  };
}

/** The app NAME is a preview of, if it is one. */
function previewOwner(name: string): string | undefined {
  const owners = [...name.matchAll(/--/g)].map((m) => name.slice(0, m.index));
  return owners.find((o) => Object.values(loadPreviewSettings(o)?.previews ?? {}).includes(name));
}

function requirePreviews(app: string): PreviewSettings {
  const prefs = loadPreviewSettings(app);
  if (prefs) return prefs;
  throw new SlipwayError("previews-off", `previews of ${app} are off`, {
    hint: `turn them on with \`previews:enable ${app}\``,
  });
}

/** Never echoes a value: a value typed without its KEY= is still a secret. */
function parsePair(raw: string): [string, string] {
  const eq = raw.indexOf("=");
  if (eq < 1 || !ENV_NAME.test(raw.slice(0, eq)))
    throw usageError(
      "a preview config argument is not KEY=VALUE with a KEY of letters, digits and _",
      "slipway previews:config shop DATABASE_URL=postgres://preview-db/shop",
    );
  return [raw.slice(0, eq), raw.slice(eq + 1)];
}

function ageOf(now: number, since: string): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  return minutes < 1440 ? `${Math.floor(minutes / 60)}h` : `${Math.floor(minutes / 1440)}d`;
}
