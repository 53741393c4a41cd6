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
  // The outbox worker runs inside the app process unless turned off (e.g. a separate worker).
  WORKER_ENABLED: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  WORKER_POLL_MS: z.coerce.number().int().min(50).default(500),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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
  return parsed.data;
}

export const env: Env = load();
