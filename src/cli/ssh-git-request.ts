const GIT_SERVICE = /^\s*['"]?git-(receive|upload)-pack['"]?\s/;

/** `ssh-serve KEY [--apps ...]` for a git push or clone: the one path that needs no command table. */
export function isSshGitRequest(argv: string[], env: NodeJS.ProcessEnv): boolean {
  return argv[0] === "ssh-serve" && GIT_SERVICE.test(env.SSH_ORIGINAL_COMMAND ?? "");
}
