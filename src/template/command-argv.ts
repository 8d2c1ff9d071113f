/** A template command as argv: a string runs through /bin/sh -c (so $PORT expands), a list is the argv itself. */
export function commandArgv(cmd: string | string[]): string[] {
  return typeof cmd === "string" ? ["/bin/sh", "-c", cmd] : [...cmd];
}
