/** Markup that is already safe: made by `html` or `raw`, so it is not escaped again. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Trusted markup as is: only for text written in this folder, never for data. */
export function raw(text: string): SafeHtml {
  return new SafeHtml(text);
}

type Slot = SafeHtml | string | number | boolean | null | undefined | Slot[];

/** A template literal that escapes every value it is given, so data can never become markup. */
export function html(strings: TemplateStringsArray, ...values: Slot[]): SafeHtml {
  let out = strings[0];
  values.forEach((v, i) => (out += slot(v) + strings[i + 1]));
  return new SafeHtml(out);
}

function slot(value: Slot): string {
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(slot).join("");
  if (value instanceof SafeHtml) return value.text;
  return escapeHtml(String(value));
}
