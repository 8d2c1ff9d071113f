import type { AppPage } from "./app-page-data.js";
import { html, type SafeHtml } from "./html.js";
import { csrfField, when } from "./render-layout.js";

const MB = 1 << 20;

export function containersSection(page: AppPage): SafeHtml {
  const rows = page.containers.map(
    (c) =>
      html`<tr>
        <td>${c.service}</td>
        <td>${c.name}</td>
        <td>${c.state}</td>
        <td>${c.cpuPercent === undefined ? "-" : `${c.cpuPercent.toFixed(1)} %`}</td>
        <td>${c.memoryBytes === undefined ? "-" : `${(c.memoryBytes / MB).toFixed(1)} MB`}</td>
      </tr>`,
  );
  return html`<section aria-labelledby="h-containers">
    <h2 id="h-containers">Containers</h2>
    ${rows.length ? table(["Service", "Container", "State", "CPU", "Memory"], rows) : html`<p>None running.</p>`}
  </section>`;
}

export function releasesSection(page: AppPage): SafeHtml {
  const rows = page.releases.map(
    (r) => html`<tr${r.live ? html` class="live"` : ""}><td>v${r.number}${r.live ? " (live)" : ""}</td>
<td>${r.cause}</td><td><code>${r.sha ?? "-"}</code></td><td>${r.by ?? "-"}</td><td>${when(r.at)}</td>
<td>${r.live ? "" : rollbackButton(page.name, r.number)}</td></tr>`,
  );
  return html`<section aria-labelledby="h-releases">
    <h2 id="h-releases">Releases</h2>
    ${rows.length ? table(["Release", "Cause", "Sha", "By", "Deployed", ""], rows) : html`<p>No releases yet.</p>`}
  </section>`;
}

/** A GET to the confirmation page: nothing changes until that page's form is posted. */
function rollbackButton(app: string, n: number): SafeHtml {
  return html`<form method="get" action="/apps/${app}/rollback">
    <input type="hidden" name="release" value="${n}" />
    <button type="submit" aria-label="Roll back to release ${n}">Roll back</button>
  </form>`;
}

export function configSection(page: AppPage, csrf: string): SafeHtml {
  const names = page.configNames.map(
    (n) =>
      html`<li>
        <code>${n}</code>
        <form class="inline" method="post" action="/apps/${page.name}/config/unset">
          ${csrfField(csrf)}<input type="hidden" name="name" value="${n}" />
          <button type="submit" aria-label="Unset ${n}">Unset</button>
        </form>
      </li>`,
  );
  return html`<section aria-labelledby="h-config">
    <h2 id="h-config">Config</h2>
    <p class="muted">Values are write-only: they are never sent to the browser.</p>
    ${
      names.length
        ? html`<ul class="plain">
            ${names}
          </ul>`
        : html`<p>No config vars.</p>`
    }
    <form class="stack" method="post" action="/apps/${page.name}/config">
      ${csrfField(csrf)}
      <label for="config-name">Name</label
      ><input id="config-name" name="name" required pattern="[A-Za-z_][A-Za-z0-9_]*" autocomplete="off" />
      <label for="config-value">Value</label
      ><input id="config-value" name="value" type="password" autocomplete="off" />
      <button type="submit">Set and restart</button>
    </form>
  </section>`;
}

export function domainsSection(page: AppPage): SafeHtml {
  const cert = page.cert
    ? html`<p>
        Certificate (${page.cert.source}) for ${page.cert.names.join(", ")}, expires
        ${when(page.cert.notAfter)}
      </p>`
    : html`<p>No certificate: HTTP only.</p>`;
  const domains = [{ name: page.defaultDomain, service: undefined }, ...page.domains];
  return html`<section aria-labelledby="h-domains">
    <h2 id="h-domains">Domains</h2>
    <ul class="plain">
      ${domains.map((d) => html`<li>${d.name}${d.service ? html` → ${d.service}` : ""}</li>`)}
    </ul>
    ${cert}
  </section>`;
}

export function cronSection(page: AppPage): SafeHtml {
  const rows = page.cron.map(
    (j) =>
      html`<tr>
        <td>${j.id}</td>
        <td><code>${j.schedule}</code></td>
        <td>${j.service}</td>
        <td>
          ${j.last ? html`${when(j.last.startedAt)} · exit ${j.last.exitCode} (${j.last.trigger})` : "never run"}
        </td>
      </tr>`,
  );
  return html`<section aria-labelledby="h-cron">
    <h2 id="h-cron">Cron jobs</h2>
    ${rows.length ? table(["Job", "Schedule", "Service", "Last run"], rows) : html`<p>No cron jobs.</p>`}
  </section>`;
}

/** The log lines arrive by server-sent events (dashboard.js); the form filters by service without script. */
export function logsSection(page: AppPage, service?: string): SafeHtml {
  const src = `/apps/${page.name}/logs/stream${service ? `?service=${encodeURIComponent(service)}` : ""}`;
  const options = page.services.map(
    (s) => html`<option value="${s}" ${s === service ? html` selected` : ""}>${s}</option>`,
  );
  return html`<section aria-labelledby="h-logs">
    <h2 id="h-logs">Live logs</h2>
    <form method="get" action="/apps/${page.name}#h-logs" class="inline">
      <label for="log-service">Service</label>
      <select id="log-service" name="service">
        <option value="">all</option>
        ${options}
      </select>
      <button type="submit">Show</button>
    </form>
    <pre id="log" class="log" tabindex="0" aria-label="Log lines" data-src="${src}"></pre>
  </section>`;
}

export function pushesSection(page: AppPage): SafeHtml {
  const items = page.pushes.map(
    (p) =>
      html`<li>
        <a href="/apps/${page.name}/pushes/${p.release}">Release ${p.release}</a>
        ${p.ok ? "deployed" : html`<strong class="failed">failed</strong>`} ·
        ${when(p.at)}${p.by ? html` by ${p.by}` : ""}
      </li>`,
  );
  return html`<section aria-labelledby="h-pushes">
    <h2 id="h-pushes">Build and deploy output</h2>
    ${
      items.length
        ? html`<ul class="plain">
            ${items}
          </ul>`
        : html`<p>No pushes kept.</p>`
    }
  </section>`;
}

function table(head: string[], rows: SafeHtml[]): SafeHtml {
  return html`<div class="scroll">
    <table>
      <thead>
        <tr>
          ${head.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}
