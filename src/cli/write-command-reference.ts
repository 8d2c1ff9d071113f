import fs from "node:fs";
import { REFERENCE_MARKER, renderCommandReference } from "./render-command-reference.js";

/** `npm run docs`: replace the generated part of docs/commands.md (from the marker on) with the table's. */
const file = process.argv[2] ?? "docs/commands.md";
const text = fs.readFileSync(file, "utf8");
const at = text.indexOf(REFERENCE_MARKER);
const guide = at < 0 ? `${text.trimEnd()}\n\n` : text.slice(0, at);
fs.writeFileSync(file, guide + renderCommandReference());
