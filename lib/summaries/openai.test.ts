import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateSummary } from "./index";
import { factsToSend, openAiSummaryProvider, type OpenAiSummaryOptions } from "./openai";
import type { SummaryInput } from "./types";

// A tiny stand-in for an OpenAI-compatible /v1/chat/completions endpoint: it records what it was
// sent and answers with whatever the test queues.

interface Seen {
  auth: string | undefined;
  body: { model: string; messages: Array<{ role: string; content: string }> };
}
let server: Server;
let baseUrl: string;
const seen: Seen[] = [];
let answer: (sent: Seen) => { status?: number; content?: string };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404).end();
      return;
    }
    const entry: Seen = { auth: req.headers.authorization, body: JSON.parse(await readBody(req)) };
    seen.push(entry);
    const a = answer(entry);
    res.writeHead(a.status ?? 200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: "chatcmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: a.content ?? "" }, finish_reason: "stop" }] }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen.length = 0;
});

const asOf = new Date("2026-06-01T12:00:00Z");
const input: SummaryInput = {
  objectType: "Lead",
  fields: {
    FirstName: "Amelia", LastName: "Schneider", Title: "VP Engineering", Company: "Globex", Email: "amelia@globex.example",
    Phone: "+49 30 1234567", Industry: "Technology", Status: "Working - Contacted",
  },
  activities: [
    { id: "a1", kind: "meeting", subject: "Discovery call with Amelia Schneider (amelia@globex.example)", occurredAt: new Date("2026-05-28T10:00:00Z") },
    { id: "a2", kind: "pricing_page_visit", subject: "Viewed /pricing", occurredAt: new Date("2026-05-30T10:00:00Z") },
  ],
  asOf,
};
const provider = (extra: Partial<OpenAiSummaryOptions> = {}) => openAiSummaryProvider({ baseUrl, model: "test-model", apiKey: "sk-test", timeoutMs: 500, ...extra });
const reply = (sentences: unknown) => () => ({ content: JSON.stringify({ sentences }) });

describe("the OpenAI-compatible summary provider", () => {
  it("sends masked facts only, and keeps sentences citing them with the record's own facts", async () => {
    answer = reply([
      { text: "The lead is VP Engineering at Globex.", facts: ["title", "company"] },
      { text: "They met on 28 May and viewed pricing on 30 May.", facts: ["activity:a1", "activity:a2"] },
    ]);
    const summary = await provider().summarize(input);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.auth).toBe("Bearer sk-test");
    expect(seen[0]!.body.model).toBe("test-model");
    const sent = JSON.stringify(seen[0]!.body.messages);
    for (const secret of ["Amelia", "Schneider", "amelia@globex.example", "1234567"]) expect(sent).not.toContain(secret);
    expect(sent).toContain("VP Engineering");
    expect(summary.sentences.map((s) => s.text)).toEqual([
      "The lead is VP Engineering at Globex.",
      "They met on 28 May and viewed pricing on 30 May.",
    ]);
    expect(summary.sentences[1]!.facts.map((f) => f.source)).toEqual(["activity:a1", "activity:a2"]);
    // The attached facts are the record's, unmasked; the panel masks them per role when it shows them.
    expect(summary.sentences[1]!.facts[0]!.value).toContain("amelia@globex.example");
  });

  it("drops sentences that cite unknown facts, cite none, or name facts it was not sent; plain text only", async () => {
    answer = reply([
      { text: "Invented: they signed yesterday.", facts: ["contract"] },
      { text: "No citation here.", facts: [] },
      { text: "Amelia's first name was cited.", facts: ["first_name"] },
      { text: "<b>Globex</b> is in Technology", facts: ["company", "industry"] },
    ]);
    const summary = await provider().summarize(input);
    expect(summary.sentences).toHaveLength(1);
    expect(summary.text).toBe("Globex is in Technology.");
  });

  it("turns NUL and unpaired surrogates in the model's answer into U+FFFD, so the summary can be stored", async () => {
    answer = reply([{ text: "Globex\u0000 is in Tech\uD800nology", facts: ["company", "industry"] }]);
    const summary = await provider().summarize(input);
    expect(summary.text).toBe("Globex\uFFFD is in Tech\uFFFDnology.");
  });

  it("fails on garbage, an HTTP error, ungrounded sentences or a missed deadline, and generateSummary falls back to offline", async () => {
    // The deadline has passed by the time the request would go: a provider that ignored its
    // signal would get the well-formed answer below.
    const late = () => AbortSignal.abort(new DOMException("The operation timed out.", "TimeoutError"));
    const cases = [
      { answer: () => ({ content: "not json" }), make: provider, error: SyntaxError },
      { answer: () => ({ status: 500 }), make: provider, error: "summary provider answered 500" },
      { answer: reply([{ text: "x", facts: ["nope"] }]), make: provider, error: "the provider returned no grounded sentence" },
      { answer: reply([{ text: "Globex is in Technology.", facts: ["company", "industry"] }]), make: () => provider({ deadline: late }), error: "The operation timed out." },
    ];
    for (const c of cases) {
      answer = c.answer;
      await expect(c.make().summarize(input)).rejects.toThrow(c.error);
      const { summary, provider: used } = await generateSummary(input, c.make());
      expect(used).toBe("offline");
      expect(summary.sentences.length).toBeGreaterThan(0);
    }
  });

  it("never sends a record that opted out; it is summarized offline", async () => {
    answer = reply([{ text: "Globex is in Technology.", facts: ["company", "industry"] }]);
    for (const optOut of [{ HasOptedOutOfEmail: true }, { hs_email_optout: "true" }, { Candor_AI_Opt_Out__c: true }]) {
      const { provider: used } = await generateSummary({ ...input, fields: { ...input.fields, ...optOut } }, provider());
      expect(used).toBe("offline");
    }
    expect(seen).toHaveLength(0);
    const { provider: used } = await generateSummary(input, provider());
    expect(used).toBe("openai:test-model");
    expect(seen).toHaveLength(1);
  });

  it("leaves names out of the facts it sends and masks contact details inside the rest", () => {
    const { sent, all } = factsToSend(input);
    expect(all.some((f) => f.id === "first_name")).toBe(true);
    expect(sent.some((f) => f.id === "first_name" || f.id === "last_name")).toBe(false);
    expect(sent.find((f) => f.id === "activity:a1")!.value).toBe("Discovery call with [name hidden] ([email hidden])");
  });
});
