import { SlipwayError, usageError } from "../errors.js";

// name[:tag][@digest], or a bare image id; no spaces or newlines, since it goes into a Dockerfile's FROM.
const REF =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const ID = /^sha256:[a-f0-9]{64}$/;

/** Check an image reference at the boundary (`deploy:image`). */
export function parseImageRef(raw: string): string {
  if (isImageRef(raw)) return raw;
  throw usageError(
    `invalid image reference ${JSON.stringify(raw)}`,
    "use NAME[:TAG], such as myapp:1.4 or registry.example.org/team/app:latest",
  );
}

/** An image named in settings.json goes into a FROM line too; a bad one names its key. */
export function settingImage(raw: string, key: string): string {
  if (isImageRef(raw)) return raw;
  throw new SlipwayError(
    "bad-setting",
    `settings.json: ${key} is not an image reference: ${JSON.stringify(raw)}`,
    {
      hint: `set ${key} to NAME[:TAG], such as node:20-slim (see docs/settings.md)`,
    },
  );
}

export function isImageRef(raw: unknown): raw is string {
  return typeof raw === "string" && raw.length <= 255 && (REF.test(raw) || ID.test(raw));
}
