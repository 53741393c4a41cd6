import { DEMO_PASSWORD } from "./demo-users";
import type { DirectoryEntry } from "./user-directory";

export const PAGE_TITLE = "Acme Identity (local)";

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

// Inline and offline on purpose: the sandbox must render without network access.
const STYLES = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;display:flex;flex-direction:column;align-items:center;padding:48px 16px}
.card{width:100%;max-width:400px;background:#fff;border:1px solid #e5e7eb;border-radius:12px;padding:32px;box-shadow:0 1px 3px rgba(0,0,0,.06)}
h1{margin:0 0 4px;font-size:1.375rem}
.lead{margin:0 0 24px;color:#4b5563;font-size:.9375rem}
label{display:block;margin:16px 0 6px;font-weight:600;font-size:.875rem}
input{width:100%;height:42px;padding:0 12px;border:1px solid #d1d5db;border-radius:8px;font:inherit}
input:focus{outline:2px solid #2563eb;outline-offset:1px;border-color:#2563eb}
.actions{display:flex;gap:8px;margin-top:24px}
button{flex:1;height:42px;border:0;border-radius:8px;background:#2563eb;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button:hover{background:#1d4ed8}
button.secondary{background:#fff;color:#374151;border:1px solid #d1d5db}
button.secondary:hover{background:#f9fafb}
.error{margin:0 0 8px;padding:10px 12px;border-radius:8px;background:#fef2f2;border:1px solid #fecaca;color:#991b1b;font-size:.9375rem}
.accounts{width:100%;max-width:400px;margin-top:24px;font-size:.875rem;color:#374151}
.accounts h2{font-size:.9375rem;margin:0 0 8px}
.accounts ul{list-style:none;margin:0;padding:0;border:1px solid #e5e7eb;border-radius:12px;background:#fff}
.accounts li{padding:10px 14px;border-top:1px solid #f3f4f6}
.accounts li:first-child{border-top:0}
.accounts .email{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-weight:600;word-break:break-all}
.accounts .meta{color:#6b7280}
.badge{display:inline-block;margin-left:6px;padding:0 6px;border-radius:999px;background:#fee2e2;color:#991b1b;font-size:.75rem}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
${body}
</body>
</html>`;
}

function accountList(entries: readonly DirectoryEntry[]): string {
  if (entries.length === 0) return "";
  const items = entries
    .map(({ user, active }) => {
      // Only the public demo password is ever printed; any other password stays secret.
      const password = user.password === DEMO_PASSWORD ? ` · password <code>${escapeHtml(DEMO_PASSWORD)}</code>` : "";
      const badge = active ? "" : `<span class="badge">deactivated</span>`;
      return `<li><div class="email">${escapeHtml(user.email)}${badge}</div><div class="meta">${escapeHtml(user.name)} · ${escapeHtml(user.groups.join(", ") || "no groups")}${password}</div></li>`;
    })
    .join("\n");
  return `<section class="accounts" aria-labelledby="demo-accounts">
<h2 id="demo-accounts">Demo accounts</h2>
<ul>
${items}
</ul>
</section>`;
}

export interface LoginPageInput {
  uid: string;
  clientId: string;
  email: string;
  error?: string;
  accounts: readonly DirectoryEntry[];
}

export function loginPage({ uid, clientId, email, error, accounts }: LoginPageInput): string {
  const alert = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : "";
  // After a failed attempt the email is kept, so the cursor belongs in the password field.
  const focusEmail = email === "" ? " autofocus" : "";
  const focusPassword = email === "" ? "" : " autofocus";
  return layout(
    PAGE_TITLE,
    `<main class="card">
<h1>${escapeHtml(PAGE_TITLE)}</h1>
<p class="lead">Sign in to continue to <strong>${escapeHtml(clientId)}</strong>.</p>
${alert}
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login" novalidate>
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required${focusEmail} value="${escapeHtml(email)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${focusPassword}>
<div class="actions"><button type="submit">Sign in</button></div>
</form>
</main>
${accountList(accounts)}`,
  );
}

/** `form` is oidc-provider's hidden form carrying the xsrf token; the buttons submit it. */
export function logoutPage(form: string): string {
  return layout(
    `Sign out · ${PAGE_TITLE}`,
    `<main class="card">
<h1>Sign out of ${escapeHtml(PAGE_TITLE)}?</h1>
<p class="lead">You will need to sign in again to use Candor.</p>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>
</div>
</main>`,
  );
}

export function messagePage(heading: string, message: string): string {
  return layout(
    `${heading} · ${PAGE_TITLE}`,
    `<main class="card">
<h1>${escapeHtml(heading)}</h1>
<p class="lead">${escapeHtml(message)}</p>
</main>`,
  );
}
