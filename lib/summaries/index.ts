import "server-only";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { mayLeaveCandor } from "./consent";
import { offlineSummaryProvider } from "./offline";
import { openAiSummaryProvider } from "./openai";
import type { GroundedSummary, SummaryInput, SummaryProvider } from "./types";

// Which provider summarizes a record: the configured external one when the record may leave Candor,
// else the built-in offline one; any failure of the external one (error, timeout, an ungrounded
// answer) falls back to offline, so a record always gets a summary.

let external: SummaryProvider | null | undefined;

function externalProvider(): SummaryProvider | null {
  if (external === undefined) {
    external =
      env.SUMMARY_PROVIDER === "openai" && env.OPENAI_API_KEY
        ? openAiSummaryProvider({
            baseUrl: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL, apiKey: env.OPENAI_API_KEY, timeoutMs: env.SUMMARY_TIMEOUT_MS,
          })
        : null;
  }
  return external;
}

export async function generateSummary(
  input: SummaryInput,
  provider: SummaryProvider | null = externalProvider(),
): Promise<{ summary: GroundedSummary; provider: string }> {
  if (provider && mayLeaveCandor(input.fields)) {
    try {
      return { summary: await provider.summarize(input), provider: provider.name };
    } catch (err) {
      log.warn({ provider: provider.name, error: (err as Error).name }, "summary provider failed; using offline");
    }
  }
  return { summary: await offlineSummaryProvider.summarize(input), provider: offlineSummaryProvider.name };
}
