import { z } from "zod";

// The only reader of process.env. Everything else imports `env` (server) and gets typed values.
const csv = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(/[\s,]+/).filter(Boolean) : []));

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  PGLITE_DIR: z.string().default(".data/pglite"),
  // The public origin Candor is reached at (signature checks rebuild URIs from it).
  PUBLIC_BASE_URL: z.string().url().default("http://localhost:3000"),
  // HS256 key for Candor's own short-lived tokens, and AES key (base64, 32 bytes) for CRM secrets at rest.
  SESSION_SECRET: z.string().min(32).default("dev-only-session-secret-change-me-0123456789"),
  ENCRYPTION_KEY: z
    .string()
    .default("ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=")
    .refine((v) => Buffer.from(v, "base64").length === 32, "ENCRYPTION_KEY must be 32 bytes, base64"),
  // Extra origins allowed to frame the embed routes (the local CRM stand-ins in the demo and tests).
  EMBED_EXTRA_FRAME_ANCESTORS: csv,
  EMBED_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
  EMBED_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(8),
  // Background work (jobs, outbox delivery) runs in `npm run worker` processes; the app only
  // enqueues. The embedded database has a single owner, so without DATABASE_URL the one process
  // that owns it serves the app and runs the worker (`npm run worker -- --with-app`).
  // How often an idle outbox worker looks for due messages.
  WORKER_POLL_MS: z.coerce.number().int().min(50).default(500),
  // Jobs running in this worker process at once (training and rescoring pages share them).
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  // How often a running job proves it is alive, and how often a worker looks for jobs whose worker
  // stopped proving it: together, how long a killed worker's job waits before another takes it.
  JOB_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).max(600).default(30),
  JOB_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(600).default(15),
  // The first retry of a failed job waits this long; each further one twice as long (up to 5 min).
  JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  // An outbox claim lasts this long unless its worker renews it (every third of it) while it works.
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(3).max(600).default(30),
  // Delivered outbox rows are kept this long (the operations page and audits look at them), then purged.
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  // Shared rate budgets (CRM calls per connection, API requests per session) live in PostgreSQL,
  // or in Redis when this is set; the embedded database's single process keeps them in memory.
  REDIS_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  // Requests per second each session may make to /api/v1 (bursts up to 10 s worth); 429 beyond.
  API_RATE_PER_SESSION: z.coerce.number().positive().default(20),
  // The entry points nobody is signed in to yet (Canvas, HubSpot card and webhooks, session
  // exchange, SCIM): requests per minute per client address, and per CRM org or HubSpot portal.
  ENTRY_RATE_PER_IP_PER_MINUTE: z.coerce.number().int().positive().default(300),
  ENTRY_RATE_PER_ORG_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  // How many proxies in front of Candor append to X-Forwarded-For (0: none, the header is not
  // trusted and per-address budgets fall back to one shared budget).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // SSO for the standalone pages (next-auth over OIDC). Unset OIDC_ISSUER turns SSO off. The
  // issuer must be exactly the `iss` the IdP puts in its tokens (no trailing slash unless it has one).
  OIDC_ISSUER: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  OIDC_CLIENT_ID: z.string().default(""),
  OIDC_CLIENT_SECRET: z.string().default(""),
  // Entra and Google reject scopes they do not know, so "groups" is opt-in (Okta, the local IdP).
  OIDC_SCOPES: z.string().default("openid email profile"),
  OIDC_GROUPS_CLAIM: z.string().default("groups"),
  // Encrypts next-auth's session cookie; derived from SESSION_SECRET when unset.
  NEXTAUTH_SECRET: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(32).optional()),
  // next-auth reads this itself; it defaults to PUBLIC_BASE_URL so the two cannot disagree.
  NEXTAUTH_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  SSO_SESSION_HOURS: z.coerce.number().int().min(1).max(24).default(8),
  // Summaries: the built-in offline summarizer, or an OpenAI-compatible chat-completions endpoint
  // (facts are masked before they leave, and records that opted out never leave).
  SUMMARY_PROVIDER: z.enum(["offline", "openai"]).default("offline"),
  OPENAI_BASE_URL: z.string().url().default("https://api.openai.com/v1"),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  OPENAI_API_KEY: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  SUMMARY_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8000),
});

export type Env = z.infer<typeof EnvSchema>;

function load(): Env {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    // Names only: values may be secrets.
    const bad = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${bad}`);
  }
  const usesDevKeys =
    parsed.data.SESSION_SECRET.startsWith("dev-only") ||
    Buffer.from(parsed.data.ENCRYPTION_KEY, "base64").toString().startsWith("dev-only");
  // `next build` evaluates server modules without the runtime's secrets; the server itself checks.
  const building = process.env.NEXT_PHASE === "phase-production-build";
  if (parsed.data.NODE_ENV === "production" && usesDevKeys && !building) {
    throw new Error("Invalid environment: SESSION_SECRET and ENCRYPTION_KEY must be set in production");
  }
  if (parsed.data.OIDC_ISSUER && (!parsed.data.OIDC_CLIENT_ID || !parsed.data.OIDC_CLIENT_SECRET)) {
    throw new Error("Invalid environment: OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET");
  }
  const publicOrigin = new URL(parsed.data.PUBLIC_BASE_URL).origin;
  if (parsed.data.NEXTAUTH_URL && new URL(parsed.data.NEXTAUTH_URL).origin !== publicOrigin) {
    throw new Error("Invalid environment: NEXTAUTH_URL must have the same origin as PUBLIC_BASE_URL");
  }
  // next-auth builds its callback URLs from process.env.NEXTAUTH_URL, not from our env object.
  if (!process.env.NEXTAUTH_URL) process.env.NEXTAUTH_URL = publicOrigin;
  return parsed.data;
}

export const env: Env = load();
