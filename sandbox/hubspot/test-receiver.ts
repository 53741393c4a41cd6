import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  uri: string;
  headers: IncomingMessage["headers"];
  body: string;
  v3Valid: boolean;
  v1Valid: boolean;
}

const DECODE: Array<[RegExp, string]> = [
  [/%3A/gi, ":"], [/%2F/gi, "/"], [/%3F/gi, "?"], [/%40/gi, "@"], [/%21/gi, "!"], [/%24/gi, "$"],
  [/%27/gi, "'"], [/%28/gi, "("], [/%29/gi, ")"], [/%2A/gi, "*"], [/%2C/gi, ","], [/%3B/gi, ";"],
];

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A stand-in for Candor's backend that checks HubSpot signatures the way HubSpot's docs tell a
 * verifier to, written apart from signing.ts so the tests do not check the code against itself.
 */
export async function startReceiver(
  secret: string,
  respond: (req: ReceivedRequest, res: ServerResponse) => void,
): Promise<{ origin: string; received: ReceivedRequest[]; close(): Promise<void> }> {
  const received: ReceivedRequest[] = [];
  let origin = "";
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const uri = DECODE.reduce((u, [re, ch]) => u.replace(re, ch), `${origin}${req.url ?? ""}`);
      const ts = String(req.headers["x-hubspot-request-timestamp"] ?? "");
      const v3 = createHmac("sha256", secret).update(`${req.method}${uri}${body}${ts}`).digest("base64");
      const v1 = createHash("sha256").update(secret + body).digest("hex");
      const fresh = Math.abs(Date.now() - Number(ts)) < 5 * 60_000;
      const entry: ReceivedRequest = {
        method: req.method ?? "",
        uri,
        headers: req.headers,
        body,
        v3Valid: fresh && safeEqual(v3, String(req.headers["x-hubspot-signature-v3"] ?? "")),
        v1Valid: safeEqual(v1, String(req.headers["x-hubspot-signature"] ?? "")),
      };
      received.push(entry);
      respond(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
