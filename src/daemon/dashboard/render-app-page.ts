import type { AppPage } from "./app-page-data.js";
import { html, type SafeHtml } from "./html.js";
import { lightBadge, renderPage, type Frame } from "./render-layout.js";
import {
  configSection,
  containersSection,
  cronSection,
  domainsSection,
  logsSection,
  pushesSection,
  releasesSection,
} from "./render-app-sections.js";

/** What the page says after an action it redirected from; fixed texts, never echoed input. */
const DONE: Record<string, string> = {
  "config-set": "Config set; the services that use it restarted.",
  "config-unset": "Config var removed; the services that used it restarted.",
  "rolled-back": "Rolled back: the release below marked live now serves.",
};

/** One app: state, containers, releases, config, domains, cron, live logs and the last pushes. */
export function renderAppPage(
  frame: Frame,
  page: AppPage,
  opts: { done?: string; service?: string },
): string {
  const csrf = frame.user?.csrf ?? "";
  const done = opts.done && DONE[opts.done];
  return renderPage(
    frame,
    html`<nav aria-label="Breadcrumb"><a href="/">Apps</a> / ${page.name}</nav>
      <h1>${page.name}</h1>
      ${done ? html`<p class="notice" role="status">${done}</p>` : ""}
      <p class="state">
        ${lightBadge(page.light.light, page.light.why)}
        ${page.release ? html` · live release <strong id="live-release">v${page.release}</strong>` : ""} ·
        <a href="http://${page.defaultDomain}/">${page.defaultDomain}</a>
      </p>
      ${sections(page, csrf, opts.service)}`,
  );
}

function sections(page: AppPage, csrf: string, service?: string): SafeHtml {
  return html`${containersSection(page)} ${releasesSection(page)} ${configSection(page, csrf)}
  ${domainsSection(page)} ${cronSection(page)} ${logsSection(page, service)} ${pushesSection(page)}`;
}
