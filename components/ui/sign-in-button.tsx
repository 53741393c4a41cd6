"use client";

import { useState } from "react";
import { buttonClass } from "./button";

// Starts next-auth's OIDC sign-in the way its own client does: fetch a CSRF token, POST to the
// provider's sign-in endpoint, follow the URL it returns to the IdP. Kept here so nothing in the
// browser bundle imports next-auth. Inside a frame it opens a new tab instead: IdPs refuse to be
// framed, and the session cookie would be a third-party cookie there.
export function SignInButton({ providerId, callbackUrl }: { providerId: string; callbackUrl: string }) {
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");

  async function signIn() {
    if (window.self !== window.top) {
      window.open(window.location.href, "_blank", "noopener");
      return;
    }
    setState("busy");
    try {
      const csrf = (await (await fetch("/api/auth/csrf", { cache: "no-store" })).json()) as { csrfToken: string };
      const res = await fetch(`/api/auth/signin/${providerId}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl, json: "true" }),
      });
      const { url } = (await res.json()) as { url?: string };
      if (!res.ok || !url) throw new Error(`sign-in answered ${res.status}`);
      window.location.assign(url);
    } catch {
      setState("failed");
    }
  }

  return (
    <div className="space-y-3">
      <button type="button" onClick={signIn} disabled={state === "busy"} className={`${buttonClass("primary")} w-full py-2.5`}>
        {state === "busy" ? "Redirecting to your company sign-in…" : "Sign in with your company account"}
      </button>
      {state === "failed" ? (
        <p role="alert" className="text-sm text-red-700">Could not reach the sign-in service. Try again in a moment.</p>
      ) : null}
    </div>
  );
}
