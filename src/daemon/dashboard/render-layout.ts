import { html, type SafeHtml } from "./html.js";

/** What every page's frame needs: the signed-in token's name and the CSRF token for logout. */
export interface Frame {
  title: string;
  user?: { name: string; csrf: string };
}

/** The whole document around a page's main content; scripts and styles come from /assets only (CSP). */
export function renderPage(frame: Frame, main: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${frame.title} · Slipway</title>
        <link rel="stylesheet" href="/assets/dashboard.css" />
        <script src="/assets/dashboard.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/">Slipway</a>
          ${frame.user ? signedIn(frame.user) : ""}
        </header>
        <main id="main">${main}</main>
      </body>
    </html> `.text;
}

function signedIn(user: { name: string; csrf: string }): SafeHtml {
  return html`<form class="logout" method="post" action="/logout">
    <span>Signed in as <strong>${user.name}</strong></span>
    ${csrfField(user.csrf)}
    <button type="submit">Log out</button>
  </form>`;
}

/** The hidden field every state-changing form carries. */
export function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${csrf}" />`;
}

export function lightBadge(light: string, why: string): SafeHtml {
  return html`<span class="light ${light}" role="img" aria-label="${light}"></span
    ><span class="why">${why}</span>`;
}

/** A timestamp as people read it, with the exact value for machines. */
export function when(iso: string | undefined): SafeHtml {
  if (!iso) return html`-`;
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")} UTC</time>`;
}
