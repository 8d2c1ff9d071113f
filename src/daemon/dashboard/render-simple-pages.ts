import { html } from "./html.js";
import { csrfField, renderPage, type Frame } from "./render-layout.js";

export function renderLogin(problem?: string): string {
  return renderPage(
    { title: "Log in" },
    html`<h1>Log in</h1>
      ${problem ? html`<p class="notice" role="alert">${problem}</p>` : ""}
      <form class="stack" method="post" action="/login">
        <label for="token">API token</label>
        <input id="token" name="token" type="password" required autocomplete="current-password" />
        <p class="muted">
          An admin creates one on the server: <code>slipway tokens:create NAME --apps APP</code>
        </p>
        <button type="submit">Log in</button>
      </form>`,
  );
}

/** The confirmation a rollback asks for; only this page's post rolls back. */
export function renderRollbackConfirm(frame: Frame, app: string, release: number, live?: number): string {
  return renderPage(
    frame,
    html`<h1>Roll back ${app}?</h1>
      <p>
        Release ${release}'s images and template will run again as a new
        release${live ? html`, replacing v${live}` : ""}.
      </p>
      <form method="post" action="/apps/${app}/rollback">
        ${csrfField(frame.user?.csrf ?? "")}
        <input type="hidden" name="release" value="${release}" />
        <button type="submit" class="danger">Yes, roll back to release ${release}</button>
        <a href="/apps/${app}">Cancel</a>
      </form>`,
  );
}

export function renderPushOutput(frame: Frame, app: string, release: number, text: string): string {
  return renderPage(
    frame,
    html`<nav aria-label="Breadcrumb">
        <a href="/">Apps</a> / <a href="/apps/${app}">${app}</a> / push ${release}
      </nav>
      <h1>Output of release ${release}'s push</h1>
      <pre class="log" tabindex="0" aria-label="Push output">${text}</pre>`,
  );
}

export function renderErrorPage(frame: Frame, status: number, message: string, hint?: string): string {
  return renderPage(
    { ...frame, title: `Error ${status}` },
    html`<h1>${status === 404 ? "Not found" : status === 403 ? "Not allowed" : "That did not work"}</h1>
      <p class="notice" role="alert">${message}</p>
      ${hint ? html`<p>${hint}</p>` : ""}
      <p><a href="/">Back to the apps</a></p>`,
  );
}
