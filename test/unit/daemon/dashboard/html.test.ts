import assert from "node:assert/strict";
import { test } from "node:test";
import { escapeHtml, html, raw } from "../../../../src/daemon/dashboard/html.js";

test("html escapes every value, in text and in attributes", () => {
  const evil = `"><script>alert('x')</script>&`;
  assert.equal(
    html`<a title="${evil}">${evil}</a>`.text,
    '<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</a>',
  );
});

test("html nests safe markup once, joins lists and drops empty values", () => {
  const items = ["a<b", "c"].map((x) => html`<li>${x}</li>`);
  const list = html`<ul>
    ${items}
  </ul>`.text;
  const empty = html`${undefined}${null}${false}${0}`.text;
  assert.deepEqual([list.replace(/\s+/g, ""), empty], ["<ul><li>a&lt;b</li><li>c</li></ul>", "0"]);
  assert.equal(html`${raw("<b>")}`.text, "<b>");
  assert.equal(escapeHtml("&amp;"), "&amp;amp;", "escaping is not undone or skipped for entities");
});
