import { addKey, readKeys, removeKey } from "../../git/keys.js";
import { say } from "../output.js";
import { printTable, readStdin, type Command } from "../command.js";
import { usageError } from "../../errors.js";

export const keysCommands: Command[] = [
  {
    name: "keys:add",
    usage: "keys:add NAME < key.pub",
    summary: "allow a public key to push (same as `gitreceive upload-key NAME`)",
    remote: false,
    async run({ args, settings }) {
      if (args.length !== 1) throw usageError("keys:add takes one NAME", "cat ~/.ssh/id_ed25519.pub | slipway keys:add alice");
      const fingerprint = await addKey(settings, args[0], await readStdin());
      process.stdout.write(`${fingerprint}\n`);
      say.step(`Added key ${args[0]}`);
    },
  },
  {
    name: "keys:list",
    usage: "keys:list [--json]",
    summary: "list the keys that may push",
    remote: false,
    flags: { json: { type: "boolean" } },
    async run({ settings, flags }) {
      const keys = await readKeys(settings);
      printTable(keys.map((k) => ({ name: k.name, type: k.type, fingerprint: k.fingerprint })), ["name", "type", "fingerprint"], !!flags.json);
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
