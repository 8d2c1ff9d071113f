import { html, type SafeHtml } from "./html.js";
import { lightBadge, renderPage, when, type Frame } from "./render-layout.js";
import type { Overview, OverviewRow } from "./overview-data.js";
import type { HealthItem } from "./server-health.js";

/** The first page: every app the caller may see, then the server's health (admins only). */
export function renderOverview(frame: Frame, overview: Overview): string {
  const engine = overview.engineProblem
    ? html`<p class="notice" role="alert">The Docker engine did not answer: ${overview.engineProblem}</p>`
    : "";
  return renderPage(
    frame,
    html`<h1>Apps</h1>
      ${engine}
      ${overview.rows.length ? appTable(overview.rows) : html`<p>No apps yet. Push one: <code>git push slipway master</code></p>`}
      ${overview.health.length ? healthList(overview.health) : ""}`,
  );
}

function appTable(rows: OverviewRow[]): SafeHtml {
  return html`<table class="apps">
    <caption class="sr-only">
      Apps, their state and live release
    </caption>
    <thead>
      <tr>
        <th scope="col">App</th>
        <th scope="col">State</th>
        <th scope="col">Live release</th>
        <th scope="col">Domains</th>
        <th scope="col">Services</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(appRow)}
    </tbody>
  </table>`;
}

function appRow(r: OverviewRow): SafeHtml {
  const release = r.release
    ? html`<strong>v${r.release}</strong> ${r.cause} · ${when(r.deployedAt)}${r.by ? html` by ${r.by}` : ""}`
    : html`-`;
  const services = r.services.map((s) => html`<li>${s.name} ${s.running}/${s.wanted}</li>`);
  return html`<tr data-app="${r.name}">
    <th scope="row"><a href="/apps/${r.name}">${r.name}</a></th>
    <td>${lightBadge(r.light, r.why)}</td>
    <td>${release}</td>
    <td>
      <ul class="plain">
        ${r.domains.map((d) => html`<li>${d}</li>`)}
      </ul>
    </td>
    <td>
      <ul class="plain">
        ${services}
      </ul>
    </td>
  </tr>`;
}

function healthList(items: HealthItem[]): SafeHtml {
  return html`<h2>Server</h2>
    <ul class="health">
      ${items.map((i) => html`<li>${lightBadge(i.light, i.name)} <span>${i.detail}</span></li>`)}
    </ul>
    <p><a href="/status">Full status report</a> (samples every container, so it takes a few seconds)</p>`;
}
