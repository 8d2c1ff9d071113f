// A checker for upstart's job-file stanza grammar (init(5) of upstart 1.x), enough to catch what a
// generator gets wrong: unknown stanzas, bad arguments, unbalanced script blocks, bad event expressions.

const SIGNALS = new Set([
  "HUP",
  "INT",
  "QUIT",
  "KILL",
  "TERM",
  "USR1",
  "USR2",
  "CONT",
  "STOP",
  "ABRT",
  "ALRM",
  "PWR",
  "WINCH",
]);
const NO_ARGS = new Set(["respawn", "task", "manual"]);
const FREE_TEXT = new Set([
  "author",
  "version",
  "usage",
  "instance",
  "chdir",
  "setuid",
  "setgid",
  "emits",
  "limit",
  "nice",
  "umask",
  "oom",
  "apparmor",
  "cgroup",
]);
const SCRIPTS = new Set(["script", "pre-start", "post-start", "pre-stop", "post-stop"]);

/** Every problem found, with its line number; an empty list means the job parses. */
export function checkUpstartJob(text: string): string[] {
  const errors: string[] = [];
  const lines = text.split("\n");
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith("#")) continue;
    const [stanza, ...rest] = line.split(/\s+/);
    const err = (msg: string) => errors.push(`line ${i + 1}: ${msg}`);
    if (SCRIPTS.has(stanza)) {
      const opensBlock = stanza === "script" || rest[0] === "script";
      if (stanza !== "script" && !opensBlock && rest[0] !== "exec")
        err(`${stanza} takes "exec COMMAND" or "script"`);
      if (stanza !== "script" && rest[0] === "exec" && rest.length < 2) err(`${stanza} exec needs a command`);
      if (opensBlock) {
        const end = lines.findIndex((l, j) => j > i && l.trim() === "end script");
        if (end < 0) return [...errors, `line ${i + 1}: ${stanza} script has no "end script"`];
        i = end;
      }
      mainProcess(stanza === "script" ? "main" : stanza, seen, err);
      continue;
    }
    if (stanza === "end") err(`"end ${rest.join(" ")}" without an open script block`);
    else if (stanza === "exec") rest.length ? mainProcess("main", seen, err) : err("exec needs a command");
    else if (stanza === "start" || stanza === "stop") checkOn(stanza, rest, err);
    else if (stanza === "description")
      /^"[^"]*"$/.test(rest.join(" ")) || err("description takes one quoted string");
    else if (stanza === "env" || stanza === "export")
      /^[A-Za-z_][A-Za-z0-9_]*(=.*)?$/.test(rest.join(" ")) || err(`${stanza} takes KEY or KEY=VALUE`);
    else if (stanza === "kill") checkKill(rest, err);
    else if (stanza === "respawn" && rest.length) checkRespawnLimit(rest, err);
    else if (stanza === "normal")
      (rest[0] === "exit" && rest.length > 1) || err("normal exit takes exit codes or signals");
    else if (stanza === "console")
      /^(log|output|owner|none)$/.test(rest.join(" ")) || err("console takes log, output, owner or none");
    else if (stanza === "expect")
      /^(fork|daemon|stop)$/.test(rest.join(" ")) || err("expect takes fork, daemon or stop");
    else if (NO_ARGS.has(stanza)) rest.length && err(`${stanza} takes no arguments`);
    else if (!FREE_TEXT.has(stanza)) err(`unknown stanza "${stanza}"`);
  }
  return errors;
}

/** At most one main process (exec or script), and one of each pre/post block. */
function mainProcess(kind: string, seen: Set<string>, err: (m: string) => void): void {
  if (seen.has(kind)) err(`a second ${kind === "main" ? "exec/script" : kind}`);
  seen.add(kind);
}

/** `start on EXPR` / `stop on EXPR`: events with optional KEY=VALUE args, joined by and/or, in balanced parentheses. */
function checkOn(stanza: string, rest: string[], err: (m: string) => void): void {
  if (rest[0] !== "on" || rest.length < 2) return err(`${stanza} needs "on EVENT"`);
  const tokens = rest
    .slice(1)
    .join(" ")
    .replace(/([()])/g, " $1 ")
    .split(/\s+/)
    .filter(Boolean);
  let depth = 0;
  let expectEvent = true;
  for (const t of tokens) {
    if (t === "(") {
      if (!expectEvent) return err(`"(" after an event in ${stanza} on`);
      depth++;
    } else if (t === ")") {
      if (expectEvent || --depth < 0) return err(`unbalanced ")" in ${stanza} on`);
    } else if (t === "and" || t === "or") {
      if (expectEvent) return err(`"${t}" without an event before it`);
      expectEvent = true;
    } else if (expectEvent) {
      if (!/^[a-z][a-z0-9-]*$/i.test(t)) return err(`"${t}" is not an event name`);
      expectEvent = false;
    } else if (!/^([A-Za-z_][A-Za-z0-9_]*!?=)?\S+$/.test(t)) return err(`bad event argument "${t}"`);
  }
  if (expectEvent || depth !== 0) err(`${stanza} on expression is incomplete`);
}

function checkKill(rest: string[], err: (m: string) => void): void {
  if (rest[0] === "timeout")
    return void ((/^\d+$/.test(rest[1] ?? "") && rest.length === 2) || err("kill timeout takes seconds"));
  if (rest[0] === "signal") {
    const sig = (rest[1] ?? "").replace(/^SIG/, "");
    return void (
      ((SIGNALS.has(sig) || /^\d+$/.test(sig)) && rest.length === 2) ||
      err(`kill signal takes a signal name, got "${rest[1]}"`)
    );
  }
  err('kill takes "timeout N" or "signal NAME"');
}

function checkRespawnLimit(rest: string[], err: (m: string) => void): void {
  const ok =
    rest[0] === "limit" &&
    (rest[1] === "unlimited"
      ? rest.length === 2
      : /^\d+$/.test(rest[1] ?? "") && /^\d+$/.test(rest[2] ?? "") && rest.length === 3);
  if (!ok) err('respawn takes nothing, "limit COUNT INTERVAL" or "limit unlimited"');
}
