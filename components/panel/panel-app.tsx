"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { createQueryClient } from "@/lib/client/query-client";
import { DoneBar, useEmbedHost } from "./done-button";
import { InsightPanel } from "./insight-panel";
import { PanelMessage, PanelSkeleton } from "./panel-states";
import { useEmbedSession } from "./use-embed-session";

// The rep's panel inside the CRM iframe: one QueryClient, the in-memory session, then the insight.
export function PanelApp() {
  const { session, token, onUnauthenticated } = useEmbedSession();
  const onUnauthRef = useRef(onUnauthenticated);
  onUnauthRef.current = onUnauthenticated;
  const [client] = useState(() => createQueryClient(() => onUnauthRef.current()));

  const host = useEmbedHost();
  let content: React.ReactNode;
  if (session.state === "starting") content = <PanelSkeleton />;
  else if (session.state === "ended") content = <PanelMessage tone="error" title={session.title} message={session.message} />;
  else if (!session.record) content = <PanelMessage title="No record" message="Open Candor from a lead, contact, account or deal." />;
  else {
    content = (
      <QueryClientProvider client={client}>
        <InsightPanel recordRef={session.record} token={token} />
      </QueryClientProvider>
    );
  }
  return host === "hubspot" ? (
    <>
      {content}
      <DoneBar />
    </>
  ) : (
    content
  );
}
