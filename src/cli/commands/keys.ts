import { addKey, readKeys, removeKey } from "../../git/keys.js";
import { describeScope, scopeFromFlags, type AccessScope } from "../../git/access-scope.js";
import { say } from "../../output.js";
import { printTable, readStdin, type Command } from "../command.js";
import { usageError } from "../../errors.js";

const SCOPE_FLAGS = { admin: { type: "boolean" }, apps: { type: "string" } } as const;
const EXAMPLE = "cat ~/.ssh/id_ed25519.pub | slipway keys:add alice --apps 'shop,blog-*' (or --admin)";

/** keys:add makes the scope an explicit choice; gitreceive upload-key keeps gitreceive's full access. */
function addKeyCommand(name: string, usage: string, fallback?: AccessScope): Command {
  return {
    name,
    usage,
    summary: fallback ? "gitreceive's upload-key: keys:add that defaults to --admin" : "allow a public key to push to every app or some",
    remote: false,
    hidden: fallback !== undefined,
    flags: SCOPE_FLAGS,
    async run({ args, flags, settings }) {
      if (args.length !== 1) throw usageError(`${name} takes one NAME`, EXAMPLE);
      const scope = scopeFromFlags(flags, EXAMPLE, fallback);
      const fingerprint = await addKey(settings, args[0], await readStdin(), scope);
      process.stdout.write(`${fingerprint}\n`);
      say.step(`Added key ${args[0]}: ${scopeNote(scope)}`);
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
  {
    name: "keys:list",
    usage: "keys:list [--json]",
    summary: "list the keys that may push, with their scope",
    remote: false,
    flags: { json: { type: "boolean" } },
    async run({ settings, flags }) {
      const keys = await readKeys(settings);
      const rows = keys.map((k) => ({ name: k.name, type: k.type, fingerprint: k.fingerprint, scope: describeScope(k.scope) }));
      printTable(rows, ["name", "type", "fingerprint", "scope"], !!flags.json);
    },
  },
  {
    name: "keys:remove",
    usage: "keys:remove NAME",
    summary: "revoke a key",
    remote: false,
    async run({ args, settings }) {
      if (args.length !== 1) throw usageError("keys:remove takes one NAME", "see `slipway keys:list` for the names");
      await removeKey(settings, args[0]);
      say.step(`Removed key ${args[0]}`);
    },
  },
];
