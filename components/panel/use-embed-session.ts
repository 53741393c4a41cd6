"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, apiFetch } from "@/lib/client/fetcher";
import type { RecordRef } from "@/lib/records/ref";

// The embedded session lives in memory only: third-party cookies are often blocked inside CRM
// iframes. The bootstrap code arrives in the URL fragment, is removed from the address at once,
// traded for a bearer token, and the token is renewed before it expires.

interface TokenResponse {
  token: string;
  expiresAt: string;
}

export type EmbedSession =
  | { state: "starting" }
  | { state: "ready"; record: RecordRef | null }
  | { state: "ended"; title: string; message: string };

// One exchange per code, even when React runs effects twice in development.
const exchanges = new Map<string, Promise<TokenResponse & { record: RecordRef | null }>>();

function takeCodeFromUrl(): string | null {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const code = params.get("code");
  if (code) window.history.replaceState(null, "", window.location.pathname + window.location.search);
  return code;
}

export function useEmbedSession() {
  const [session, setSession] = useState<EmbedSession>({ state: "starting" });
  const tokenRef = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const codeRef = useRef<string | null>(null);

  const end = useCallback((title: string, message: string) => {
    tokenRef.current = null;
    clearTimeout(timer.current);
    setSession({ state: "ended", title, message });
  }, []);

  const schedule = useCallback(
    (expiresAt: string) => {
      clearTimeout(timer.current);
      const lifetime = new Date(expiresAt).getTime() - Date.now();
      timer.current = setTimeout(async () => {
        try {
          const next = await apiFetch<TokenResponse>("/api/v1/embed/session/renew", {
            method: "POST", auth: () => tokenRef.current,
          });
          tokenRef.current = next.token;
          schedule(next.expiresAt);
        } catch {
          end("Session ended", "Your Candor session has ended. Reload the record page to continue.");
        }
      }, Math.max(5_000, lifetime * 0.8));
    },
    [end],
  );

  useEffect(() => {
    codeRef.current ??= takeCodeFromUrl();
    const code = codeRef.current;
    if (!code) {
      end("Open Candor from your CRM", "This panel opens from a Salesforce or HubSpot record page.");
      return;
    }
    let exchange = exchanges.get(code);
    if (!exchange) {
      exchange = apiFetch<TokenResponse & { record: RecordRef | null }>("/api/v1/embed/session", {
        method: "POST", body: { code }, auth: () => null,
      });
      exchanges.set(code, exchange);
    }
    let cancelled = false;
    exchange.then(
      (res) => {
        if (cancelled) return;
        tokenRef.current = res.token;
        schedule(res.expiresAt);
        setSession({ state: "ready", record: res.record });
      },
      (err) => {
        if (cancelled) return;
        const detail = err instanceof ApiError ? err.message : "Candor could not be reached.";
        end("Could not open Candor", `${detail}`);
      },
    );
    return () => {
      cancelled = true;
      clearTimeout(timer.current);
    };
  }, [end, schedule]);

  const token = useCallback(() => tokenRef.current, []);
  // A 401 from any call means the session is gone (revoked, deactivated, expired).
  const onUnauthenticated = useCallback(
    () => end("Session ended", "Your Candor session has ended. Reload the record page to continue."),
    [end],
  );
  return { session, token, onUnauthenticated };
}
