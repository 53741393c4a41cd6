// Liveness: answers without touching the database. Also the baseline `npm run bench:api` compares
// the panel's read path against (a bare Next route returning fixed JSON).
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
