import { usageError } from "../errors.js";
import { requireAccess, requireAdmin, type Caller } from "../git/access-scope.js";
import { parseAppName } from "../state/app-name.js";
import type { Command } from "./command.js";

/** The one scope check for commands: after the command line is parsed, before the command touches anything. */
export function authorizeCommand(command: Command, args: string[], caller: Caller): void {
  if (caller.scope === "admin") return;
  const scope = command.scope ?? "admin";
  if (scope === "any") return;
  if (scope === "admin") return requireAdmin(caller, command.name);
  const raw = args[scope.app];
  if (raw === undefined) {
    if (scope.optional) return;
    throw usageError(`${command.name} needs an APP`, `usage: ${command.usage}`);
  }
  requireAccess(caller, parseAppName(raw));
}
