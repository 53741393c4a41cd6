// A self-contained page for failures before the panel can load (inside the CRM iframe): says what
// is wrong and what to do, never why a secret did not match.
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function embedErrorPage(status: number, title: string, message: string, hint?: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · Candor</title>
<style>body{font:14px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:24px;color:#1f2937;background:#fff}
.card{max-width:360px;border:1px solid #e5e7eb;border-radius:10px;padding:20px}
h1{font-size:16px;margin:0 0 8px;color:#991b1b}p{margin:0 0 8px}small{color:#6b7280}</style></head>
<body><main class="card" role="alert"><h1>${esc(title)}</h1><p>${esc(message)}</p>${hint ? `<p><small>${esc(hint)}</small></p>` : ""}<small>Error ${status}</small></main></body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}
