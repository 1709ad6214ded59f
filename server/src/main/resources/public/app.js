"use strict";
/*
 * The samovar chat page: conversations in localStorage, answers streamed from
 * /v1/chat/completions (fetch + server-sent events), markdown rendered by marked, sanitized by
 * DOMPurify (raw HTML from the model is shown as text), code highlighted by highlight.js.
 */
(() => {
  const $ = (id) => document.getElementById(id);
  const STORE = { chats: "samovar.chats", settings: "samovar.settings", key: "samovar.apiKey", lang: "samovar.lang" };
  const READY_POLL_MS = 2000;

  const stored = localStorage.getItem(STORE.lang);
  let lang = stored in I18N ? stored : (navigator.language || "").toLowerCase().startsWith("ru") ? "ru" : "en";
  const t = (key, ...args) => {
    const value = I18N[lang][key];
    return typeof value === "function" ? value(...args) : value;
  };

  const state = loadChats();
  const settings = Object.assign({ temperature: 0.6, top_p: 0.9, max_tokens: "" },
    JSON.parse(localStorage.getItem(STORE.settings) || "{}"));
  let running = null; // { controller, stopped } while an answer streams
  let retryTimer = null;

  // Model output: raw HTML is escaped, so the model's markup shows as text; DOMPurify cleans the rest.
  const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  marked.use({ gfm: true, breaks: true, renderer: { html: (token) => escapeHtml(token.text) } });

  function renderMarkdown(element, text) {
    element.innerHTML = DOMPurify.sanitize(marked.parse(text), { FORBID_TAGS: ["style", "form", "input"] });
    element.querySelectorAll("pre code").forEach((code) => hljs.highlightElement(code));
  }

  function loadChats() {
    const stored = JSON.parse(localStorage.getItem(STORE.chats) || "null");
    if (stored && Array.isArray(stored.chats) && stored.chats.length > 0) {
      return stored;
    }
    const chat = newChatObject();
    return { chats: [chat], current: chat.id };
  }

  function newChatObject() {
    return { id: Date.now().toString(36) + Math.random().toString(36).slice(2, 6), title: "", system: "", messages: [] };
  }

  function save() {
    localStorage.setItem(STORE.chats, JSON.stringify(state));
  }

  const current = () => state.chats.find((c) => c.id === state.current) || state.chats[0];

  // ---- UI text -------------------------------------------------------------------------------
  function applyLanguage() {
    document.documentElement.lang = lang;
    $("language").value = lang;
    document.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = t(e.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach((e) => { e.placeholder = t(e.dataset.i18nPlaceholder); });
    document.querySelectorAll("[data-i18n-label]").forEach((e) => {
      e.setAttribute("aria-label", t(e.dataset.i18nLabel));
      e.title = t(e.dataset.i18nLabel);
    });
    renderChats();
    renderMessages();
    showReady();
  }

  // ---- conversations -------------------------------------------------------------------------
  function renderChats() {
    const list = $("chats");
    list.replaceChildren();
    for (const chat of state.chats) {
      const item = document.createElement("li");
      item.className = chat.id === state.current ? "chat-item current" : "chat-item";
      const open = button(chat.title || t("untitled"), () => switchChat(chat.id), "chat-title");
      if (chat.id === state.current) open.setAttribute("aria-current", "true");
      item.append(open,
        button("✎", () => renameChat(chat), "icon", t("rename")),
        button("✕", () => deleteChat(chat), "icon", t("delete")));
      list.append(item);
    }
  }

  function button(text, onClick, className, label) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.className = className || "";
    if (label) { b.setAttribute("aria-label", label); b.title = label; }
    b.addEventListener("click", onClick);
    return b;
  }

  function switchChat(id) {
    if (running) return;
    cancelRetry();
    state.current = id;
    save();
    renderChats();
    renderMessages();
    clearError();
    document.body.classList.remove("sidebar-open");
  }

  function newChat() {
    if (running) return;
    const chat = newChatObject();
    chat.system = current().system;
    state.chats.unshift(chat);
    switchChat(chat.id);
    $("input").focus();
  }

  function renameChat(chat) {
    const title = prompt(t("renamePrompt"), chat.title || "");
    if (title !== null) { chat.title = title.trim(); save(); renderChats(); }
  }

  function deleteChat(chat) {
    if (running || !confirm(t("deleteConfirm"))) return;
    state.chats = state.chats.filter((c) => c.id !== chat.id);
    if (state.chats.length === 0) state.chats.push(newChatObject());
    if (state.current === chat.id) state.current = state.chats[0].id;
    save();
    renderChats();
    renderMessages();
  }

  // ---- messages ------------------------------------------------------------------------------
  function renderMessages() {
    const chat = current();
    $("system").value = chat.system || "";
    const list = $("messages");
    list.replaceChildren();
    chat.messages.forEach((m, i) => list.append(messageElement(m, i === chat.messages.length - 1)));
    list.scrollTop = list.scrollHeight;
  }

  function messageElement(message, last) {
    const item = document.createElement("li");
    item.className = "message " + message.role;
    const who = document.createElement("div");
    who.className = "who";
    who.textContent = message.role === "user" ? t("you") : t("assistant");
    const body = document.createElement("div");
    body.className = "content";
    if (message.role === "user") body.textContent = message.content;
    else renderMarkdown(body, message.content);
    const footer = document.createElement("div");
    footer.className = "meta";
    const stats = document.createElement("span");
    stats.className = "stats";
    stats.textContent = statsText(message);
    footer.append(stats, button(t("copy"), (e) => copy(message.content, e.target), "small copy"));
    if (message.role === "assistant" && last && !running) {
      footer.append(button(t("regenerate"), regenerate, "small regenerate"));
    }
    item.append(who, body, footer);
    return item;
  }

  function statsText(message) {
    if (!message.stats) return message.stopped ? t("stopped") : "";
    const s = message.stats;
    const text = s.tokens === null ? t("firstToken", s.ttft) : t("stats", s.tokens, s.ttft, s.rate);
    return message.stopped ? `${text} · ${t("stopped")}` : text;
  }

  async function copy(text, target) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement("textarea");
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    target.textContent = t("copied");
    setTimeout(() => { target.textContent = t("copy"); }, 1500);
  }

  // ---- sending -------------------------------------------------------------------------------
  function send() {
    const text = $("input").value.trim();
    if (!text || running) return;
    cancelRetry();
    const chat = current();
    chat.messages.push({ role: "user", content: text });
    if (!chat.title) chat.title = text.slice(0, 40);
    $("input").value = "";
    save();
    renderChats();
    generate();
  }

  function regenerate() {
    const chat = current();
    if (running || chat.messages.length === 0 || chat.messages.at(-1).role !== "assistant") return;
    chat.messages.pop();
    save();
    generate();
  }

  function requestBody(chat) {
    const messages = [];
    if (chat.system && chat.system.trim()) messages.push({ role: "system", content: chat.system.trim() });
    for (const m of chat.messages) messages.push({ role: m.role, content: m.content });
    const body = {
      model: $("model").textContent || undefined,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: Number(settings.temperature),
      top_p: Number(settings.top_p),
    };
    if (settings.max_tokens !== "" && Number(settings.max_tokens) > 0) body.max_tokens = Number(settings.max_tokens);
    return body;
  }

  function headers() {
    const h = { "Content-Type": "application/json" };
    const key = localStorage.getItem(STORE.key);
    if (key) h.Authorization = "Bearer " + key;
    return h;
  }

  async function generate() {
    clearError();
    const chat = current();
    const message = { role: "assistant", content: "" };
    const controller = new AbortController();
    running = { controller, stopped: false };
    setRunning(true);
    renderMessages();
    const item = messageElement(message, false);
    item.classList.add("streaming");
    $("messages").append(item);
    const body = item.querySelector(".content");
    const started = performance.now();
    let firstToken = 0;
    let usage = null;
    let scheduled = false;
    const paint = () => {
      scheduled = false;
      renderMarkdown(body, message.content);
      $("messages").scrollTop = $("messages").scrollHeight;
    };
    try {
      const response = await fetch("/v1/chat/completions", {
        method: "POST", headers: headers(), body: JSON.stringify(requestBody(chat)), signal: controller.signal,
      });
      if (!response.ok) {
        await failed(response);
        item.remove();
        return;
      }
      for await (const event of events(response.body)) {
        if (event.error) throw new Error(event.error.message);
        if (event.usage) usage = event.usage;
        const delta = event.choices && event.choices[0] && event.choices[0].delta;
        if (delta && delta.content) {
          if (!firstToken) firstToken = performance.now();
          message.content += delta.content;
          if (!scheduled) { scheduled = true; requestAnimationFrame(paint); }
        }
      }
    } catch (e) {
      if (!running.stopped) {
        showError(e instanceof TypeError ? t("network") : t("failed", e.message));
      }
    } finally {
      const ended = performance.now();
      if (running.stopped) message.stopped = true;
      if (usage || firstToken) {
        // A stopped or broken stream has no usage: then only the time to the first token is known.
        const tokens = usage ? usage.completion_tokens : null;
        const seconds = Math.max(ended - (firstToken || started), 1) / 1000;
        message.stats = {
          tokens,
          ttft: Math.round((firstToken || ended) - started),
          rate: tokens === null ? null : (tokens / seconds).toFixed(1),
        };
      }
      if (message.content || message.stopped) {
        chat.messages.push(message);
        save();
      }
      running = null;
      setRunning(false);
      renderMessages();
    }
  }

  /** Yields the JSON of each `data:` event of a server-sent event stream until [DONE]. */
  async function* events(stream) {
    const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
        if (data === "[DONE]") return;
        if (data) yield JSON.parse(data);
      }
    }
  }

  async function failed(response) {
    let error = {};
    try { error = (await response.json()).error || {}; } catch { /* a body that is not JSON */ }
    if (response.status === 429) {
      countdown(Number(response.headers.get("Retry-After")) || 1);
    } else if (response.status === 401) {
      showError(t("needKey"));
      $("settings").hidden = false;
      $("api-key").focus();
    } else if (response.status === 400 && error.code === "context_length_exceeded") {
      showError(t("tooLong"), button(t("newChat"), newChat, "small"));
    } else {
      showError(t("failed", error.message || response.status + " " + response.statusText));
    }
  }

  /** Shows the Retry-After countdown, then sends the conversation again. */
  function countdown(seconds) {
    cancelRetry();
    let left = seconds;
    showError(t("busy", left));
    retryTimer = setInterval(() => {
      left -= 1;
      if (left > 0) {
        showError(t("busy", left));
      } else {
        cancelRetry();
        clearError();
        generate();
      }
    }, 1000);
  }

  function cancelRetry() {
    clearInterval(retryTimer);
    retryTimer = null;
  }

  function stop() {
    if (running) { running.stopped = true; running.controller.abort(); }
  }

  function setRunning(on) {
    $("send").hidden = on;
    $("stop").hidden = !on;
  }

  function showError(text, extra) {
    const banner = $("error");
    banner.replaceChildren(text);
    if (extra) banner.append(" ", extra);
    banner.hidden = false;
  }

  function clearError() {
    $("error").hidden = true;
    $("error").replaceChildren();
  }

  // ---- readiness and model -------------------------------------------------------------------
  let ready = null; // null unknown, false loading, true ready
  let readyPath = "/ready";

  async function pollReady() {
    try {
      let response = await fetch(readyPath, { headers: headers() });
      if (response.status === 404 && readyPath === "/ready") {
        readyPath = "/health";
        response = await fetch(readyPath);
      }
      ready = response.ok;
    } catch {
      ready = null;
    }
    showReady();
    if (ready) {
      loadModel();
    } else {
      setTimeout(pollReady, READY_POLL_MS);
    }
  }

  function showReady() {
    const label = $("ready");
    label.textContent = ready === true ? t("ready") : ready === false ? t("notReady") : t("offline");
    label.className = "ready " + (ready === true ? "ok" : "wait");
    $("loading-banner").hidden = ready !== false;
    $("send").disabled = ready === false;
  }

  async function loadModel() {
    try {
      const response = await fetch("/v1/models", { headers: headers() });
      if (response.ok) {
        const models = await response.json();
        if (models.data && models.data.length > 0) $("model").textContent = models.data[0].id;
      }
    } catch { /* shown by the next request's error */ }
  }

  // ---- wiring --------------------------------------------------------------------------------
  function bindSetting(id, key) {
    const input = $(id);
    input.value = settings[key];
    input.addEventListener("input", () => {
      settings[key] = input.value;
      localStorage.setItem(STORE.settings, JSON.stringify(settings));
    });
  }

  $("composer").addEventListener("submit", (e) => { e.preventDefault(); send(); });
  $("input").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
  });
  $("stop").addEventListener("click", stop);
  $("new-chat").addEventListener("click", newChat);
  $("toggle-settings").addEventListener("click", () => { $("settings").hidden = !$("settings").hidden; });
  $("toggle-sidebar").addEventListener("click", () => document.body.classList.toggle("sidebar-open"));
  $("language").addEventListener("change", (e) => {
    lang = e.target.value;
    localStorage.setItem(STORE.lang, lang);
    applyLanguage();
  });
  $("system").addEventListener("input", (e) => { current().system = e.target.value; save(); });
  $("api-key").value = localStorage.getItem(STORE.key) || "";
  $("api-key").addEventListener("input", (e) => {
    const key = e.target.value.trim();
    if (key) localStorage.setItem(STORE.key, key); else localStorage.removeItem(STORE.key);
  });
  $("api-key").addEventListener("change", () => { clearError(); loadModel(); });
  bindSetting("temperature", "temperature");
  bindSetting("top-p", "top_p");
  bindSetting("max-tokens", "max_tokens");

  applyLanguage();
  pollReady();
})();
