/** `$$`, `${NAME}`, `${NAME:-default}` or a bare `$NAME`, as compose reads them. */
const REFERENCE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Expand $VAR, ${VAR} and ${VAR:-default} in an env value, as compose does; `$$` is a literal `$`.
 * Anything else (`$(...)`, `$1`, a lone `$`) is left as it is.
 */
export function interpolate(
  value: string,
  vars: Record<string, string>,
): { value: string; missing: string[] } {
  const missing: string[] = [];
  const out = value.replace(
    REFERENCE,
    (_whole, dollar?: string, braced?: string, fallback?: string, bare?: string) => {
      if (dollar) return "$";
      const name = (braced ?? bare)!;
      if (Object.hasOwn(vars, name)) return vars[name];
      if (fallback !== undefined) return fallback;
      missing.push(name);
      return "";
    },
  );
  return { value: out, missing };
}

/** Names a value refers to, so image services get only the config they ask for. */
export function referencedNames(value: string): string[] {
  return [...value.matchAll(REFERENCE)].flatMap((m) => (m[1] ? [] : [(m[2] ?? m[4])!]));
}
