import pino from "pino";
import { env } from "@/lib/env";
import { currentContext } from "@/lib/request-context";

// Structured logs with the correlation id attached. Known secret- and PII-bearing keys are
// redacted wherever they appear; services log ids, never record contents.
export const log = pino({
  level: env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL,
  base: undefined,
  redact: {
    paths: [
      "*.authorization", "*.Authorization", "*.token", "*.accessToken", "*.refreshToken",
      "*.access_token", "*.refresh_token", "*.clientSecret", "*.client_secret", "*.signed_request",
      "*.password", "*.email", "*.Email", "*.phone", "*.Phone", "*.comment",
    ],
    censor: "[redacted]",
  },
  mixin() {
    const ctx = currentContext();
    return ctx ? { requestId: ctx.requestId, tenantId: ctx.tenantId } : {};
  },
});
