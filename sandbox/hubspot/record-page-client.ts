// Styles and browser script for the sandbox record page. The script plays the part of
// HubSpot's app-card host: it asks the sandbox server for the card (the server does the
// signed hubspot.fetch), renders the answer, and hosts actions.openIframeModal. Like Candor's
// card, it asks for a fresh answer when "Open in Candor" is clicked.

export const RECORD_PAGE_CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 "Lexend Deca",Helvetica,Arial,sans-serif;color:#33475b;background:#f5f8fa}
a{color:#0091ae}.hs-nav{background:#2d3e50;color:#fff;padding:10px 20px;display:flex;gap:16px;align-items:center}
.hs-nav a{color:#cbd6e2}.hs-nav .brand{font-weight:600;color:#ff7a59}
.record{display:grid;grid-template-columns:320px 1fr 400px;gap:0;min-height:calc(100vh - 42px)}
.left,.middle,.right{padding:20px}.left{background:#fff;border-right:1px solid #dfe3eb}
.right{background:#fff;border-left:1px solid #dfe3eb;width:400px}
h1{font-size:20px;margin:0 0 4px}.subtitle{color:#7c98b6;margin:0 0 16px}
dl.props{margin:0}dl.props dt{font-size:12px;color:#7c98b6;margin-top:10px}dl.props dd{margin:0;word-break:break-word}
dl.props .candor dt{color:#ff7a59}
.timeline{list-style:none;padding:0;margin:0}.timeline-item{background:#fff;border:1px solid #dfe3eb;border-radius:4px;padding:12px;margin-bottom:10px}
.timeline-item .kind{font-weight:600}.timeline-item time{color:#7c98b6;font-size:12px;margin-left:8px}
.timeline-item .body{margin-top:6px;white-space:pre-wrap}.empty{color:#7c98b6}
.card{border:1px solid #dfe3eb;border-radius:4px;margin-bottom:16px}.card>header{padding:10px 14px;border-bottom:1px solid #dfe3eb;font-weight:600;display:flex;justify-content:space-between}
.card-body{padding:14px}.score-value{font-size:44px;font-weight:600;line-height:1}.score-band{display:inline-block;margin-left:8px;padding:2px 8px;border-radius:10px;background:#eaf0f6;font-size:12px;text-transform:uppercase}
.score-label{color:#7c98b6;margin-top:4px}.reasons{padding-left:18px}.reasons .points{color:#7c98b6;margin-left:6px}
.card[data-state=error] .card-body{color:#d94c53}
button.primary{background:#ff7a59;border:0;color:#fff;border-radius:3px;padding:8px 14px;font-weight:600;cursor:pointer}
.card-title{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:#516f90;margin-bottom:4px}
.card-body .reasons{margin:10px 0 0}.card-body .reason{margin-bottom:4px}.card-message{color:#516f90;margin:10px 0 0}
.card-body button.primary{margin-top:14px}
.modal-overlay{position:fixed;inset:0;background:rgba(45,62,80,.6);display:flex;align-items:center;justify-content:center;z-index:10}
.modal{background:#fff;border-radius:4px;box-shadow:0 4px 24px rgba(0,0,0,.3);overflow:hidden}
.modal-title{display:flex;justify-content:space-between;align-items:center;background:#00a4bd;color:#fff;padding:10px 16px;font-weight:600}
.modal-title button{background:none;border:0;color:#fff;font-size:22px;cursor:pointer;line-height:1}
.modal iframe{display:block;border:0}
`;

export const RECORD_PAGE_SCRIPT = `
(() => {
  const cfg = JSON.parse(document.getElementById("card-config").textContent);
  const card = document.getElementById("candor-card");
  const body = document.getElementById("candor-card-body");
  const el = (tag, props = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const c of children) node.append(c);
    return node;
  };
  const setState = (state, nodes) => { card.dataset.state = state; body.replaceChildren(...nodes); };

  function render(data) {
    const nodes = [];
    if (data.title) nodes.push(el("div", { className: "card-title", textContent: String(data.title) }));
    if (data.score && typeof data.score === "object") {
      const s = data.score;
      nodes.push(el("div", { className: "score" }, [
        el("span", { className: "score-value", textContent: String(s.value ?? "") }),
        el("span", { className: "score-band", textContent: String(s.band ?? "") }),
      ]));
      if (s.label) nodes.push(el("div", { className: "score-label", textContent: String(s.label) }));
    }
    if (Array.isArray(data.reasons) && data.reasons.length > 0) {
      nodes.push(el("ol", { className: "reasons" }, data.reasons.slice(0, 3).map((r) => {
        const pts = Number(r.points);
        const label = Number.isFinite(pts) ? (pts > 0 ? "+" : "") + pts : String(r.points ?? "");
        return el("li", { className: "reason" }, [String(r.text ?? ""), el("span", { className: "points", textContent: label })]);
      })));
    }
    if (data.message) nodes.push(el("p", { className: "card-message", textContent: String(data.message) }));
    if (data.openUrl) {
      const button = el("button", { className: "primary", id: "candor-open", type: "button", textContent: "Open in Candor" });
      // As Candor's card does: its links work once and briefly, so each click asks for a fresh one.
      button.addEventListener("click", async () => {
        button.disabled = true;
        const fresh = await fetchCard().catch(() => null);
        button.disabled = false;
        if (fresh && fresh.openUrl) openModal(String(fresh.openUrl), String(fresh.title || "Candor"));
        else setState("error", ["Couldn't open Candor: the card backend did not answer with a link"]);
      });
      nodes.push(button);
    }
    setState("ready", nodes);
  }

  // Throws a message fit for the card on any failure.
  async function fetchCard() {
    let res;
    try {
      res = await fetch("/_card?" + new URLSearchParams(cfg), { cache: "no-store" });
    } catch (err) {
      throw new Error("Couldn't reach the card backend: " + err.message);
    }
    if (!res.ok) throw new Error("Couldn't load Candor: " + res.status + " " + res.statusText);
    try {
      return await res.json();
    } catch (err) {
      throw new Error("Candor answered with something that is not JSON");
    }
  }

  async function loadCard() {
    setState("loading", ["Loading…"]);
    let data;
    try {
      data = await fetchCard();
    } catch (err) {
      setState("error", [err.message]);
      return;
    }
    render(data);
  }

  function openModal(uri, title) {
    closeModal(false);
    const frame = el("iframe", { id: "candor-modal", src: uri, title });
    frame.width = "640";
    frame.height = "720";
    frame.style.width = "640px";
    frame.style.height = "720px";
    const close = el("button", { id: "candor-modal-close", type: "button", textContent: "×", title: "Close" });
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", () => closeModal(true));
    const overlay = el("div", { id: "candor-modal-overlay", className: "modal-overlay" }, [
      el("div", { className: "modal", role: "dialog" }, [
        el("div", { className: "modal-title" }, [el("span", { textContent: title }), close]),
        frame,
      ]),
    ]);
    document.body.append(overlay);
  }

  // Like onClose of openIframeModal: the card refreshes once the modal goes away.
  function closeModal(refresh) {
    const overlay = document.getElementById("candor-modal-overlay");
    if (!overlay) return;
    overlay.remove();
    if (refresh) loadCard();
  }

  window.addEventListener("message", (event) => {
    const frame = document.getElementById("candor-modal");
    if (!frame || event.source !== frame.contentWindow) return;
    let msg = event.data;
    if (typeof msg === "string") {
      try { msg = JSON.parse(msg); } catch { return; }
    }
    if (msg && msg.action === "DONE") closeModal(true);
  });

  loadCard();
})();
`;
