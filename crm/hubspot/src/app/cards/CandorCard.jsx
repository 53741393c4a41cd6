import React, { useCallback, useEffect, useState } from "react";
import { Alert, Button, Divider, Flex, Heading, List, LoadingSpinner, Tag, Text, hubspot } from "@hubspot/ui-extensions";

// The Candor card on contact, company and deal records. It asks Candor's backend for the record's
// score with hubspot.fetch (HubSpot signs the request; Candor checks the signature and the viewer's
// access) and opens the full Candor panel in HubSpot's iframe modal.

// Must be listed in app-hsmeta.json permittedUrls.fetch and .iframe.
const CANDOR_URL = "https://candor.example.com";
const CARD_ENDPOINT = `${CANDOR_URL}/api/v1/hubspot/card`;

const BAND_VARIANT = { A: "success", B: "info", C: "warning", D: "default" };

hubspot.extend(({ context, actions }) => <CandorCard context={context} actions={actions} />);

function useCandorCard(context) {
  const [state, setState] = useState({ status: "loading" });

  const fetchCard = useCallback(async () => {
    const res = await hubspot.fetch(CARD_ENDPOINT, {
      method: "POST",
      timeout: 5000,
      body: {
        portalId: context.portal.id,
        userId: context.user.id,
        userEmail: context.user.email,
        objectId: context.crm.objectId,
        objectTypeId: context.crm.objectTypeId,
      },
    });
    if (!res.ok) {
      const problem = await res.json().catch(() => null);
      throw new Error(problem?.detail ?? `Candor answered ${res.status}`);
    }
    return res.json();
  }, [context]);

  const load = useCallback(async () => {
    setState((s) => (s.status === "ready" ? s : { status: "loading" }));
    try {
      setState({ status: "ready", card: await fetchCard() });
    } catch (err) {
      setState({ status: "error", message: err.message });
    }
  }, [fetchCard]);

  useEffect(() => {
    load();
  }, [load]);

  return { state, load, fetchCard };
}

function CandorCard({ context, actions }) {
  const { state, load, fetchCard } = useCandorCard(context);
  const [opening, setOpening] = useState(false);

  // A Candor link works once and for a minute, so each click asks for a fresh one.
  const open = useCallback(async () => {
    setOpening(true);
    try {
      const fresh = await fetchCard();
      if (fresh.openUrl) {
        actions.openIframeModal({ uri: fresh.openUrl, width: 640, height: 720, title: "Candor" }, () => load());
      }
    } catch (err) {
      actions.addAlert({ type: "danger", message: `Could not open Candor: ${err.message}` });
    } finally {
      setOpening(false);
    }
  }, [actions, fetchCard, load]);

  if (state.status === "loading") return <LoadingSpinner label="Loading the Candor score" />;
  if (state.status === "error") {
    return (
      <Alert title="Candor is not available" variant="error">
        {state.message}
      </Alert>
    );
  }

  const { card } = state;
  return (
    <Flex direction="column" gap="small">
      {card.score ? (
        <>
          <Flex direction="row" align="center" gap="small">
            <Heading>{card.score.value}</Heading>
            <Tag variant={BAND_VARIANT[card.score.band] ?? "default"}>Band {card.score.band}</Tag>
          </Flex>
          <Text>{card.score.label}</Text>
        </>
      ) : null}
      {card.reasons?.length ? (
        <>
          <Divider />
          <Text format={{ fontWeight: "demibold" }}>Why this score</Text>
          <List variant="unordered-styled">
            {card.reasons.map((r) => (
              <Text key={r.text}>
                <Text inline={true} format={{ fontWeight: "bold" }}>{`${r.points > 0 ? "+" : ""}${r.points}`}</Text> {r.text}
              </Text>
            ))}
          </List>
        </>
      ) : null}
      {card.message ? <Text variant="microcopy">{card.message}</Text> : null}
      {card.openUrl ? (
        <Button variant="primary" onClick={open} disabled={opening}>
          {opening ? "Opening…" : "Open in Candor"}
        </Button>
      ) : null}
    </Flex>
  );
}
