// The WhatsApp simulator: one pane per phone; messages go to /simulator/send, the timeline comes
// from /simulator/chat (polled every second), receipts go to /simulator/ack. No libraries.
"use strict";

(function () {
  const DATA = JSON.parse(document.getElementById("simulator-data").textContent);
  const CSRF = document.querySelector('meta[name="csrf-token"]').content;
  const STORE = "simulator.phones";
  const POLL_MS = 1000;
  const READ_DELAY_MS = 1200;
  const panes = new Map(); // phone -> pane state

  function savePhones() {
    localStorage.setItem(STORE, JSON.stringify([...panes.keys()]));
  }

  function contactLabel(phone) {
    const c = DATA.contacts.find((x) => x.phone === phone);
    return c ? `${c.name} · ${c.roles.join(", ")}` : "Pemohon";
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]);
  }

  // WhatsApp's *bold*, _italic_, ~strike~ and bare links, on already escaped text.
  function formatLine(line) {
    return escapeHtml(line)
      .replace(/\*([^*\n]+)\*/g, "<strong>$1</strong>")
      .replace(/(^|\s)_([^_\n]+)_(?=\s|$|[.,!?])/g, "$1<em>$2</em>")
      .replace(/~([^~\n]+)~/g, "<s>$1</s>")
      .replace(/\bhttps?:\/\/[^\s<]+/g, (url) => `<a href="${url}" target="_blank" rel="noopener">${url}</a>`);
  }

  // Text is text: numbered lines are typed answers, as on WhatsApp (no buttons drawn from them).
  function renderText(container, text) {
    for (const line of (text || "").split("\n")) {
      const div = document.createElement("div");
      div.innerHTML = formatLine(line) || "&nbsp;";
      container.appendChild(div);
    }
  }

  // Reply buttons or a list, only when the message carried them (its ContentSid was an
  // interactive resource). A tap posts what Twilio posts: ButtonPayload/ButtonText or ListId/ListTitle.
  function renderInteractive(el, interactive, pane) {
    const tap = (kind, option) => send(pane, { tap_kind: kind, tap_id: option.id, tap_title: option.title });
    const box = document.createElement("div");
    box.className = "interactive " + interactive.kind;
    if (interactive.kind === "buttons") {
      for (const option of interactive.options) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "choice";
        button.textContent = option.title;
        button.addEventListener("click", () => tap("button", option));
        box.appendChild(button);
      }
    } else {
      const open = document.createElement("button");
      open.type = "button";
      open.className = "choice list-open";
      open.textContent = "≡ " + interactive.button;
      const rows = document.createElement("div");
      rows.className = "list-rows";
      rows.hidden = true;
      for (const option of interactive.options) {
        const row = document.createElement("button");
        row.type = "button";
        row.className = "list-row";
        row.innerHTML = `<span>${escapeHtml(option.title)}</span>` +
          (option.description && option.description.trim() ? `<small>${escapeHtml(option.description)}</small>` : "");
        row.addEventListener("click", () => { rows.hidden = true; tap("list", option); });
        rows.appendChild(row);
      }
      open.addEventListener("click", () => { rows.hidden = !rows.hidden; });
      box.appendChild(open);
      box.appendChild(rows);
    }
    el.appendChild(box);
  }

  function ticks(item) {
    const span = document.createElement("span");
    span.className = "ticks";
    if (item.kind === "in") {
      if (item.http_status === 200) { span.textContent = "✓"; span.title = "diterima webhook (200)"; }
      else { span.textContent = "⚠"; span.className += " refused"; span.title = `webhook menjawab ${item.http_status}`; }
    } else if (item.kind === "out") {
      const s = item.status;
      span.dataset.status = s;
      if (s === "read") { span.textContent = "✓✓"; span.className += " read"; span.title = "dibaca"; }
      else if (s === "delivered") { span.textContent = "✓✓"; span.title = "terkirim ke HP"; }
      else if (s === "sent") { span.textContent = "✓"; span.title = "dikirim"; }
      else if (s === "failed" || s === "undelivered") { span.textContent = "⚠"; span.className += " refused"; span.title = item.error || s; }
      else { span.textContent = "◷"; span.title = "menunggu worker (" + s + ")"; }
    } else {
      return null;
    }
    return span;
  }

  function bubble(item, pane) {
    const el = document.createElement("div");
    el.dataset.id = item.id;
    el.className = "bubble " + (item.kind === "in" ? "mine" : "theirs");
    if (item.kind === "out") {
      el.dataset.status = item.status;
      if (!["sent", "delivered", "read"].includes(item.status)) el.classList.add(item.status === "failed" || item.status === "undelivered" ? "failed" : "pending");
    }
    for (const m of item.media || []) {
      const a = document.createElement("a");
      a.className = "doc";
      a.href = m.url;
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = m.name;
      el.appendChild(a);
    }
    if (item.kind === "out" && item.error && (item.status === "failed" || item.status === "undelivered")) {
      const note = document.createElement("div");
      note.className = "refusal";
      note.textContent = "⚠ " + item.error;
      el.appendChild(note);
    }
    const body = document.createElement("div");
    body.className = "text";
    renderText(body, item.text);
    if (item.text) el.appendChild(body);
    if (item.held) {
      const held = document.createElement("div");
      held.className = "held muted";
      held.textContent = "📎 dokumen menyusul saat Anda membalas (template tanpa lampiran)";
      el.appendChild(held);
    }
    if (item.interactive && item.interactive.options.length) renderInteractive(el, item.interactive, pane);
    const meta = document.createElement("span");
    meta.className = "meta";
    if (item.key) {
      const key = document.createElement("span");
      key.className = "key";
      key.textContent = item.template ? `${item.key} · ${item.template}` : item.key;
      meta.appendChild(key);
    }
    const when = new Date(item.at);
    meta.appendChild(document.createTextNode(when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false })));
    const t = ticks(item);
    if (t) meta.appendChild(t);
    el.appendChild(meta);
    return el;
  }

  function signature(item) {
    return [item.kind, item.status, item.http_status, item.text, (item.media || []).length, item.template,
      item.interactive ? item.interactive.options.length : 0, item.held].join("|");
  }

  // The phone's clock and its 24-hour window (WhatsApp refuses free-form messages once it closes).
  function showWindow(pane, win) {
    if (!win) return;
    const parts = [];
    if (win.offset_hours) parts.push(`jam HP +${win.offset_hours} j`);
    if (win.open === true) parts.push(`jendela 24 jam terbuka (${win.hours_left} j lagi)`);
    else if (win.open === false) parts.push("jendela 24 jam tertutup: hanya template");
    pane.window.textContent = parts.join(" · ");
    pane.window.className = "window muted" + (win.open === false ? " closed" : "");
  }

  async function moveClock(pane, hours) {
    const form = new FormData();
    form.append("phone", pane.phone);
    form.append("hours", String(hours));
    const res = await fetch("/simulator/clock", { method: "POST", headers: { "X-CSRFToken": CSRF }, body: form });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) showError(pane, data.error || res.statusText); else showWindow(pane, data.window);
  }

  function render(pane, items) {
    const box = pane.messages;
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    let added = false;
    let previous = null;
    for (const item of items) {
      const sig = signature(item);
      let el = pane.rendered.get(item.id);
      if (!el || el.dataset.sig !== sig) {
        const fresh = bubble(item, pane);
        fresh.dataset.sig = sig;
        if (el) el.replaceWith(fresh);
        else {
          if (previous) previous.after(fresh);
          else box.prepend(fresh);
          added = true;
        }
        pane.rendered.set(item.id, fresh);
        el = fresh;
      }
      // A message that was queued moves to where it was sent: keep the DOM in timeline order.
      if (previous ? el.previousElementSibling !== previous : el !== box.firstElementChild) {
        if (previous) previous.after(el); else box.prepend(el);
      }
      previous = el;
      acknowledge(pane, item);
    }
    if (added && nearBottom) box.scrollTop = box.scrollHeight;
  }

  // The phone tells Twilio (and so our status callback) that it got, then showed, the message.
  function acknowledge(pane, item) {
    if (item.kind !== "out" || !item.sid) return;
    const want = item.status === "sent" ? "delivered" : item.status === "delivered" ? "read" : null;
    if (!want || pane.acked.get(item.message_id) === want) return;
    if (want === "read" && document.visibilityState !== "visible") return;
    pane.acked.set(item.message_id, want);
    const post = () => fetch("/simulator/ack", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": CSRF },
      body: JSON.stringify({ message_id: item.message_id, status: want }),
    }).then((res) => res.json())
      .then((data) => { if (!(data.status >= 200 && data.status < 300)) pane.acked.delete(item.message_id); })
      .catch(() => pane.acked.delete(item.message_id));
    if (want === "read") setTimeout(post, READ_DELAY_MS); else post();
  }

  function showError(pane, text) {
    pane.error.textContent = text || "";
    pane.error.hidden = !text;
  }

  async function poll(pane) {
    if (pane.polling) return;
    pane.polling = true;
    try {
      const res = await fetch("/simulator/chat?phone=" + encodeURIComponent(pane.phone));
      const data = await res.json();
      if (!res.ok) { showError(pane, data.error || res.statusText); return; }
      if (pane.error.textContent.startsWith("⟳")) showError(pane, "");
      render(pane, data.items);
      showWindow(pane, data.window);
    } catch (err) {
      showError(pane, "⟳ server tidak menjawab: " + err.message);
    } finally {
      pane.polling = false;
    }
  }

  async function send(pane, fields) {
    const form = new FormData();
    form.append("phone", pane.phone);
    form.append("profile_name", pane.profileName);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    try {
      const res = await fetch("/simulator/send", { method: "POST", headers: { "X-CSRFToken": CSRF }, body: form });
      const data = await res.json().catch(() => ({ error: res.statusText }));
      if (!res.ok) showError(pane, data.error || `HTTP ${res.status}`);
      else if (data.status !== 200) showError(pane, `webhook menjawab ${data.status}`);
      else showError(pane, "");
    } catch (err) {
      showError(pane, "gagal mengirim: " + err.message);
    }
    await poll(pane);
  }

  function addPane(phone) {
    phone = phone.trim();
    if (!phone || panes.has(phone)) return;
    const node = document.getElementById("pane-template").content.firstElementChild.cloneNode(true);
    const pane = {
      phone, node, rendered: new Map(), acked: new Map(), polling: false,
      profileName: contactLabel(phone).split(" · ")[0],
      messages: node.querySelector(".messages"),
      error: node.querySelector(".error"),
      window: node.querySelector(".window"),
    };
    node.querySelector(".clock").addEventListener("click", () => moveClock(pane, 25));
    node.dataset.phone = phone;
    node.querySelector(".pane-title").textContent = phone;
    node.querySelector(".pane-sub").textContent = contactLabel(phone);
    node.querySelector(".close").addEventListener("click", () => {
      panes.delete(phone);
      node.remove();
      savePhones();
    });
    const composer = node.querySelector(".composer");
    const text = composer.querySelector(".text");
    composer.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const body = text.value.trim();
      if (!body) return;
      text.value = "";
      send(pane, { body });
    });
    const fileInput = composer.querySelector('input[type="file"]');
    fileInput.addEventListener("change", async () => {
      for (const file of [...fileInput.files]) await send(pane, { file });
      fileInput.value = "";
    });
    const sample = composer.querySelector(".sample");
    sample.addEventListener("change", async () => {
      const code = sample.value;
      sample.value = "";
      if (code) await send(pane, { sample: code });
    });
    document.getElementById("panes").appendChild(node);
    panes.set(phone, pane);
    savePhones();
    poll(pane);
  }

  document.getElementById("add-phone").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const input = document.getElementById("new-phone");
    addPane(input.value);
    input.value = "";
  });

  let saved = null;
  try { saved = JSON.parse(localStorage.getItem(STORE) || "null"); } catch (_) { saved = null; }
  for (const phone of (Array.isArray(saved) && saved.length ? saved : DATA.defaults)) addPane(phone);
  setInterval(() => panes.forEach(poll), POLL_MS);
})();
