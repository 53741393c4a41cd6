"use client";

import { useSyncExternalStore } from "react";

// Inside HubSpot's iframe modal the panel offers "Done": HubSpot closes the modal when the frame
// posts {action: "DONE"} to it (and the card reloads). Other hosts close the panel themselves, so
// the button shows only when the HubSpot entry sent the panel here with ?host=hubspot.

const noSubscribe = () => () => {};
const hostFromUrl = () => new URLSearchParams(window.location.search).get("host");

export function useEmbedHost(): string | null {
  return useSyncExternalStore(noSubscribe, hostFromUrl, () => null);
}

export function DoneBar() {
  return (
    <footer className="sticky bottom-0 mx-auto flex w-full max-w-[400px] justify-end border-t border-slate-200 bg-white px-4 py-3">
      <button
        type="button"
        onClick={() => window.parent.postMessage(JSON.stringify({ action: "DONE" }), "*")}
        className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white hover:bg-brand-700"
      >
        Done
      </button>
    </footer>
  );
}
