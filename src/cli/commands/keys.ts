import { addKey, readKeys, removeKey } from "../../git/keys.js";
import { describeScope, scopeFromFlags, type AccessScope } from "../../git/access-scope.js";
import { say } from "../../output.js";
import { arg, localCommand, readStdin, type Command } from "../command.js";

const SCOPE_FLAGS = { admin: { type: "boolean" }, apps: { type: "string" } } as const;
const EXAMPLE = "cat ~/.ssh/id_ed25519.pub | slipway keys:add alice --apps 'shop,blog-*' (or --admin)";

/** keys:add makes the scope an explicit choice; gitreceive upload-key keeps gitreceive's full access. */
function addKeyCommand(name: string, usage: string, fallback?: AccessScope): Command {
  return {
    name,
    usage,
    summary: fallback
      ? "gitreceive's upload-key: keys:add that defaults to --admin"
      : "allow a public key to push to every app or some",
    remote: false,
    hidden: fallback !== undefined,
    flags: SCOPE_FLAGS,
    args: [arg("NAME")],
    async run({ args: [keyName], flags, settings }) {
      const scope = scopeFromFlags(flags, EXAMPLE, fallback);
      const fingerprint = await addKey(settings, keyName, await readStdin(), scope);
      process.stdout.write(`${fingerprint}\n`);
      say.step(`Added key ${keyName}: ${scopeNote(scope)}`);
      if (fallback && !flags.admin && flags.apps === undefined) {
        say.info("(no --apps or --admin given: gitreceive keys are admin keys; --apps APP,... limits one)");
      }
    },
  };
}

function scopeNote(scope: AccessScope): string {
  if (scope === "admin") return "admin (every app, and every remote command)";
  return `it may push to and manage only ${scope.apps.join(", ")}`;
}

export const keysCommands: Command[] = [
  addKeyCommand("keys:add", "keys:add NAME --apps APP,...|--admin < key.pub"),
  addKeyCommand("upload-key", "upload-key NAME [--apps APP,...|--admin] < key.pub", "admin"),
  localCommand({
    usage: "keys:list [--json]",
    summary: "list the keys that may push, with their scope",
    args: [],
    table: ["name", "type", "fingerprint", "scope"],
    async run({ settings }) {
      const keys = await readKeys(settings);
      const rows = keys.map((k) => ({
        name: k.name,
        type: k.type,
        fingerprint: k.fingerprint,
        scope: describeScope(k.scope),
      }));
      return rows;
    },
  }),
  localCommand({
    usage: "keys:remove NAME",
    summary: "revoke a key",
    args: [arg("NAME")],
    async run({ args: [keyName], settings }) {
      await removeKey(settings, keyName);
      say.step(`Removed key ${keyName}`);
    },
  }),
];
