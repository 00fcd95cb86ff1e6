// The emulator's console: plain DOM, no framework. Every change calls an AWS operation through
// api/op/<Operation> (the emulator's own dispatch); data is put into the page as text, never HTML.
"use strict";

const PAGE_SIZE = 50;
const WELL_KNOWN = ["AWSCURRENT", "AWSPREVIOUS", "AWSPENDING"];
let partition = { account: "000000000000", region: "us-east-1" };

// ----- calls ---------------------------------------------------------------------------------

async function call(path, body) {
  const response = await fetch("api/" + path, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      "X-Emulator-Console": "1",
      "X-Emulator-Account": partition.account,
      "X-Emulator-Region": partition.region,
      "Content-Type": "application/x-amz-json-1.1",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const type = (data.__type || "").split("#").pop();
    throw new Error((type ? type + ": " : "") + (data.Message || data.message || text));
  }
  return data;
}

const aws = (operation, input) => call("op/" + operation, input || {});

// ----- small helpers ---------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children.flat()) if (child !== undefined) node.append(child);
  return node;
}

const date = (seconds) => seconds === undefined || seconds === null ? "—"
  : new Date(seconds * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
const stageBadge = (stage) => h("span", { class: "stage " + stage }, stage);
const view = () => document.getElementById("view");
const secretHref = (name) => "#/" + [partition.account, partition.region, "secret", encodeURIComponent(name)].join("/");
const listHref = () => "#/" + partition.account + "/" + partition.region;

function status(message, isError) {
  const node = document.getElementById("status");
  node.textContent = message || "";
  node.className = isError ? "error" : "";
}

// Runs an action, shows AWS's message on failure, and redraws on success.
async function act(description, action) {
  try {
    status(description + "…");
    await action();
    await route();
    status(description + ": done.");
  } catch (error) {
    status(error.message, true);
  }
}

function field(form, name) {
  const input = form.elements[name];
  return input ? input.value.trim() : "";
}

function form(title, fields, button, onsubmit, extra) {
  const node = h("form", {}, fields, h("div", { class: "buttons" }, h("button", { type: "submit" }, button), extra));
  node.addEventListener("submit", (event) => { event.preventDefault(); onsubmit(node, event.submitter); });
  return h("details", { "data-action": title }, h("summary", {}, title), node);
}

const input = (label, name, attrs) => h("label", {}, label, h("input", Object.assign({ name }, attrs || {})));
const textarea = (label, name, attrs, text) => h("label", {}, label, h("textarea", Object.assign({ name }, attrs || {}), text || ""));

function parseTags(text) {
  return text.split(",").map((pair) => pair.trim()).filter(Boolean).map((pair) => {
    const at = pair.indexOf("=");
    return at < 0 ? { Key: pair, Value: "" } : { Key: pair.slice(0, at).trim(), Value: pair.slice(at + 1).trim() };
  });
}

// ----- header: partitions, clock, reset ---------------------------------------------------------

async function refreshHeader() {
  const state = await call("state");
  document.getElementById("clock-now").textContent = state.nowUtc;
  document.getElementById("clock-offset").textContent =
    state.offsetSeconds ? "(moved " + (state.offsetSeconds / 86400).toFixed(2) + " days ahead)" : "";
  const select = document.getElementById("partition");
  const known = state.partitions.map((p) => ({ account: p.accountId, region: p.region, secrets: p.secrets }));
  if (!known.some((p) => p.account === partition.account && p.region === partition.region)) {
    known.push({ account: partition.account, region: partition.region, secrets: 0 });
  }
  select.replaceChildren(...known.map((p) => h("option", {
    value: p.account + "/" + p.region,
    selected: p.account === partition.account && p.region === partition.region,
  }, p.account + " / " + p.region + " (" + p.secrets + " secrets)")));
  return state;
}

function setupHeader() {
  document.getElementById("partition").addEventListener("change", (event) => {
    const [account, region] = event.target.value.split("/");
    location.hash = "#/" + account + "/" + region;
  });
  document.getElementById("open-partition").addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = "#/" + document.getElementById("open-account").value.trim() + "/" +
      document.getElementById("open-region").value.trim();
  });
  document.getElementById("clock-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const days = Number(document.getElementById("clock-days").value);
    act("Advance the clock " + days + " days", () => call("clock", { advanceSeconds: Math.round(days * 86400) }));
  });
  const dialog = document.getElementById("reset-dialog");
  document.getElementById("reset-open").addEventListener("click", () => dialog.showModal());
  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "reset") act("Reset all state", () => call("reset", {}));
  });
}

// ----- the list ---------------------------------------------------------------------------------

// "name:app !tag-key:team prod" -> ListSecrets filters (a bare word searches all fields).
function parseSearch(text) {
  const filters = {};
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const match = /^(name|description|tag-key|tag-value|primary-region|owning-service|all):(.+)$/.exec(word.replace(/^!/, ""));
    const negate = word.startsWith("!") ? "!" : "";
    const key = match ? match[1] : "all";
    const value = negate + (match ? match[2] : word.replace(/^!/, ""));
    (filters[key] = filters[key] || []).push(value);
  }
  return Object.entries(filters).map(([Key, Values]) => ({ Key, Values }));
}

const listState = { search: "", sortBy: "name", sortOrder: "asc", deleted: true, tokens: [undefined] };

async function renderList() {
  const token = listState.tokens[listState.tokens.length - 1];
  const input = {
    MaxResults: PAGE_SIZE, SortBy: listState.sortBy, SortOrder: listState.sortOrder,
    IncludePlannedDeletion: listState.deleted, Filters: parseSearch(listState.search),
  };
  if (!input.Filters.length) delete input.Filters;
  if (token) input.NextToken = token;
  const page = await aws("ListSecrets", input);
  const search = h("form", { class: "toolbar", role: "search" },
    h("label", {}, "Search (name:, description:, tag-key:, tag-value:, all:, ! negates)",
      h("input", { name: "search", type: "search", value: listState.search, size: 40, id: "search" })),
    h("label", {}, "Sort by", h("select", { name: "sortBy" },
      ["name", "created-date", "last-accessed-date", "last-changed-date"].map((v) => h("option", { value: v, selected: v === listState.sortBy }, v)))),
    h("label", {}, "Order", h("select", { name: "sortOrder" },
      ["asc", "desc"].map((v) => h("option", { value: v, selected: v === listState.sortOrder }, v)))),
    h("label", {}, "Scheduled for deletion", h("select", { name: "deleted" },
      h("option", { value: "yes", selected: listState.deleted }, "shown"), h("option", { value: "no", selected: !listState.deleted }, "hidden"))),
    h("button", { type: "submit" }, "Search"));
  search.addEventListener("submit", (event) => {
    event.preventDefault();
    Object.assign(listState, { search: field(search, "search"), sortBy: search.elements.sortBy.value,
      sortOrder: search.elements.sortOrder.value, deleted: search.elements.deleted.value === "yes", tokens: [undefined] });
    renderList().catch((error) => status(error.message, true));
  });
  const rows = (page.SecretList || []).map((s) => h("tr", { "data-name": s.Name },
    h("td", { class: "wrap" }, h("a", { href: secretHref(s.Name) }, s.Name)),
    h("td", { class: "wrap optional" }, s.Description || ""),
    h("td", { class: "optional" }, (s.Tags || []).map((t) => h("span", { class: "tag" }, t.Key + "=" + (t.Value || "")))),
    h("td", { class: "optional" }, date(s.LastChangedDate)),
    h("td", { class: "optional" }, date(s.LastAccessedDate)),
    h("td", {}, s.RotationEnabled ? "on, next " + date(s.NextRotationDate) : "off"),
    h("td", { class: "optional" }, s.PrimaryRegion ? "replica of " + s.PrimaryRegion
      : (s.ReplicationStatus || []).map((r) => r.Region + " (" + r.Status + ")").join(", ") || "—"),
    h("td", {}, s.DeletedDate ? h("span", { class: "bad" }, "deleted " + date(s.DeletedDate)) : "active")));
  const pager = h("div", { class: "pager" },
    h("button", { class: "secondary", type: "button", disabled: listState.tokens.length === 1,
      onclick: () => { listState.tokens = [undefined]; renderList(); } }, "First page"),
    h("span", { class: "muted" }, "Page " + listState.tokens.length + ", " + rows.length + " shown"),
    h("button", { class: "secondary", type: "button", id: "next-page", disabled: !page.NextToken,
      onclick: () => { listState.tokens.push(page.NextToken); renderList(); } }, "Next page"));
  view().replaceChildren(
    h("section", { class: "panel", "aria-labelledby": "list-title" },
      h("h2", { id: "list-title" }, "Secrets in " + partition.account + " / " + partition.region),
      search,
      h("div", { class: "table-wrap" }, h("table", { id: "secrets" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col", class: "optional" }, "Description"),
          h("th", { scope: "col", class: "optional" }, "Tags"), h("th", { scope: "col", class: "optional" }, "Last changed"),
          h("th", { scope: "col", class: "optional" }, "Last accessed"), h("th", { scope: "col" }, "Rotation"),
          h("th", { scope: "col", class: "optional" }, "Replication"), h("th", { scope: "col" }, "Deletion"))),
        h("tbody", {}, rows))),
      rows.length ? null : h("p", { class: "muted" }, "No secrets here yet."),
      pager),
    h("section", { class: "panel" }, h("h2", {}, "Create a secret"), createForm()));
}

function createForm() {
  return form("New secret", [
    input("Name", "name", { required: true, id: "create-name" }),
    input("Description", "description"),
    h("label", {}, "Kind", h("select", { name: "kind" }, h("option", { value: "string" }, "string"), h("option", { value: "binary" }, "binary (base64)"))),
    textarea("Value", "value", { id: "create-value" }),
    input("Tags (key=value, key=value)", "tags"),
  ], "Create", (node) => {
    const request = { Name: field(node, "name") };
    if (field(node, "description")) request.Description = field(node, "description");
    if (node.elements.kind.value === "binary") request.SecretBinary = node.elements.value.value.trim();
    else request.SecretString = node.elements.value.value;
    const tags = parseTags(field(node, "tags"));
    if (tags.length) request.Tags = tags;
    act("Create " + request.Name, async () => { await aws("CreateSecret", request); location.hash = secretHref(request.Name); });
  });
}

// ----- one secret -------------------------------------------------------------------------------

async function renderSecret(name) {
  const secret = await aws("DescribeSecret", { SecretId: name });
  const versions = (await aws("ListSecretVersionIds", { SecretId: name, IncludeDeprecated: true, MaxResults: 100 })).Versions || [];
  const history = await call("history", { SecretId: name });
  let policy = null;
  try { policy = (await aws("GetResourcePolicy", { SecretId: name })).ResourcePolicy || null; } catch (_) { policy = null; }
  versions.sort((a, b) => a.CreatedDate - b.CreatedDate);
  view().replaceChildren(
    h("p", {}, h("a", { href: listHref() }, "← All secrets in " + partition.account + " / " + partition.region)),
    h("section", { class: "panel", "aria-labelledby": "secret-title" },
      h("h2", { id: "secret-title" }, secret.Name),
      h("dl", { class: "meta" },
        h("dt", {}, "ARN"), h("dd", {}, secret.ARN),
        h("dt", {}, "Description"), h("dd", { id: "description" }, secret.Description || "—"),
        h("dt", {}, "KMS key"), h("dd", {}, secret.KmsKeyId || "aws/secretsmanager (default)"),
        h("dt", {}, "Created"), h("dd", {}, date(secret.CreatedDate)),
        h("dt", {}, "Last changed"), h("dd", {}, date(secret.LastChangedDate)),
        h("dt", {}, "Last accessed"), h("dd", {}, date(secret.LastAccessedDate)),
        h("dt", {}, "Deletion"), h("dd", { id: "deletion" }, secret.DeletedDate ? h("span", { class: "bad" }, "scheduled, deleted " + date(secret.DeletedDate)) : "not scheduled"),
        secret.OwningService && [h("dt", {}, "Owning service"), h("dd", {}, secret.OwningService)],
        h("dt", {}, "Tags"), h("dd", {}, (secret.Tags || []).length ? secret.Tags.map((t) => h("span", { class: "tag" }, t.Key + "=" + (t.Value || ""))) : "none"))),
    rotationPanel(secret, history),
    replicationPanel(secret),
    h("section", { class: "panel", "aria-labelledby": "versions-title" },
      h("h2", { id: "versions-title" }, "Versions"),
      historyPicture(versions, history),
      versionsTable(name, versions)),
    h("section", { class: "panel", "aria-labelledby": "policy-title" },
      h("h2", { id: "policy-title" }, "Resource policy"),
      policy ? h("pre", { id: "policy" }, JSON.stringify(JSON.parse(policy), null, 2)) : h("p", { class: "muted" }, "No resource policy.")),
    h("section", { class: "panel", "aria-labelledby": "change-title" },
      h("h2", { id: "change-title" }, "Change"),
      h("div", { class: "actions" }, changeForms(secret, versions, policy))));
}

function rotationPanel(secret, history) {
  const rules = secret.RotationRules || {};
  const schedule = rules.ScheduleExpression || (rules.AutomaticallyAfterDays ? "every " + rules.AutomaticallyAfterDays + " days" : "—");
  return h("section", { class: "panel", "aria-labelledby": "rotation-title" },
    h("h2", { id: "rotation-title" }, "Rotation"),
    h("dl", { class: "meta" },
      h("dt", {}, "Enabled"), h("dd", { id: "rotation-enabled" }, secret.RotationEnabled ? "yes" : "no"),
      h("dt", {}, "Schedule"), h("dd", {}, schedule + (rules.Duration ? ", window " + rules.Duration : "")),
      h("dt", {}, "Rotation function"), h("dd", {}, secret.RotationLambdaARN || "none (the emulator makes the new value)"),
      h("dt", {}, "Last rotated"), h("dd", { id: "last-rotated" }, date(secret.LastRotatedDate)),
      h("dt", {}, "Next rotation"), h("dd", { id: "next-rotation" }, date(secret.NextRotationDate))),
    renderLastRotation(history));
}

// The last rotation through a rotation function (`lastRotation`, recorded by the emulator): its
// outcome and each step (createSecret, setSecret, testSecret, finishSecret) with its result.
function renderLastRotation(history) {
  const last = history.lastRotation;
  if (!last) return h("p", { class: "muted", id: "rotation-steps" }, "No rotation steps recorded.");
  const outcome = last.outcome + (last.reason ? ": " + last.reason : "");
  const describe = (step) => step.step + ": " + (step.succeeded ? "succeeded" : "failed") + " in " + step.durationMillis + " ms" + (step.error ? " (" + step.error + ")" : "");
  return h("div", { id: "rotation-steps" }, h("h3", {}, "Last rotation (" + last.trigger + "): " + outcome),
    h("ol", {}, (last.steps || []).map((step) => h("li", {}, describe(step)))));
}

function replicationPanel(secret) {
  const replicas = secret.ReplicationStatus || [];
  const link = (region) => "#/" + partition.account + "/" + region + "/secret/" + encodeURIComponent(secret.Name);
  return h("section", { class: "panel", "aria-labelledby": "replication-title" },
    h("h2", { id: "replication-title" }, "Replication"),
    secret.PrimaryRegion ? h("p", {}, "Replica of the primary in ", h("a", { href: link(secret.PrimaryRegion) }, secret.PrimaryRegion)) : null,
    replicas.length ? h("ul", {}, replicas.map((r) => h("li", {}, h("a", { href: link(r.Region) }, r.Region), " — " + r.Status + (r.StatusMessage ? ": " + r.StatusMessage : ""))))
      : secret.PrimaryRegion ? null : h("p", { class: "muted" }, "Not replicated."));
}

// The picture: one lane per version (oldest at the top) on an axis of the moments something
// happened; a coloured bar for each label while the version held it; the labels it holds now.
function historyPicture(versions, history) {
  const moves = history.moves || [];
  const times = [...new Set([...versions.map((v) => Math.round(v.CreatedDate * 1000)), ...moves.map((m) => Math.round(m.at * 1000))])].sort((a, b) => a - b);
  const nowMs = Math.round(history.now * 1000);
  const stages = [...new Set([...WELL_KNOWN, ...moves.map((m) => m.stage), ...versions.flatMap((v) => v.VersionStages || [])])];
  const left = 110, step = Math.max(60, Math.min(140, 700 / Math.max(1, times.length))), laneHeight = 16 + 7 * stages.length;
  const width = left + step * (times.length + 1) + 200, top = 30;
  const height = top + laneHeight * Math.max(1, versions.length) + 10;
  const x = (ms) => { const index = times.indexOf(ms); return left + step * (index < 0 ? times.length : index) + step / 2; };
  const xEnd = left + step * times.length + step / 2;
  const ticks = times.map((ms, i) => svg("g", {},
    svg("line", { class: "axis", x1: x(ms), x2: x(ms), y1: top - 6, y2: height - 6, "stroke-dasharray": "2 4" }),
    svg("text", { x: x(ms), y: 12 + (i % 2) * 12, "text-anchor": "middle" }, new Date(ms).toISOString().slice(5, 19).replace("T", " "))));
  // When each version held each label: replay the moves (a label already held when history began
  // starts at the version's creation).
  const held = [];
  const open = {};
  for (const m of moves) {
    const ms = Math.round(m.at * 1000);
    if (open[m.stage]) { open[m.stage].until = ms; held.push(open[m.stage]); delete open[m.stage]; }
    if (m.to) open[m.stage] = { stage: m.stage, version: m.to, from: ms };
  }
  for (const v of versions) for (const stage of v.VersionStages || []) {
    if (!open[stage] || open[stage].version !== v.VersionId) open[stage] = { stage, version: v.VersionId, from: Math.round(v.CreatedDate * 1000) };
  }
  for (const interval of Object.values(open)) held.push(Object.assign(interval, { until: nowMs, now: true }));
  const lanes = versions.map((v, row) => {
    const y = top + row * laneHeight;
    const current = v.VersionStages || [];
    const bars = held.filter((i) => i.version === v.VersionId).map((i) => svg("rect", {
      class: "held " + (WELL_KNOWN.includes(i.stage) ? i.stage : "custom"), "data-stage": i.stage, x: x(i.from), y: y + 12 + stages.indexOf(i.stage) * 7, height: 6, rx: 2,
      width: Math.max(4, (i.now ? xEnd : x(i.until)) - x(i.from)),
    }, svg("title", {}, i.stage + " on " + v.VersionId.slice(0, 8) + " from " + new Date(i.from).toISOString() + (i.now ? " until now" : " until " + new Date(i.until).toISOString()))));
    return svg("g", { class: "lane", "data-version": v.VersionId, "data-stages": current.join(" ") },
      svg("text", { x: 4, y: y + 12 }, v.VersionId.slice(0, 8) + "…"),
      svg("line", { class: "life" + (current.length ? "" : " deprecated"), x1: x(Math.round(v.CreatedDate * 1000)), x2: xEnd, y1: y + 8, y2: y + 8 }),
      svg("circle", { class: "made", cx: x(Math.round(v.CreatedDate * 1000)), cy: y + 8, r: 4 }),
      bars,
      svg("text", { x: xEnd + 10, y: y + 12 }, current.length ? current.join(", ") : "deprecated (no label)"));
  });
  const picture = svg("svg", { class: "history", id: "history", viewBox: "0 0 " + width + " " + height, role: "img",
    "aria-label": "Version history: " + versions.map((v) => v.VersionId.slice(0, 8) + " " + ((v.VersionStages || []).join(" ") || "no label")).join("; ") },
    ticks, lanes);
  const legend = h("div", { class: "legend" }, stages.map((s) => stageBadge(s)),
    h("span", { class: "muted" }, "Bars: when each version held each label. Axis: each moment a version was made or a label moved."));
  return h("figure", {}, h("div", { class: "table-wrap" }, picture), h("figcaption", {}, legend));
}

function versionsTable(name, versions) {
  const rows = [...versions].reverse().map((v) => {
    const cell = h("td", { class: "wrap" });
    const reveal = h("button", { type: "button", class: "secondary", "data-reveal": v.VersionId, onclick: async () => {
      try {
        const value = await aws("GetSecretValue", { SecretId: name, VersionId: v.VersionId });
        cell.replaceChildren(valueView(value));
      } catch (error) { status(error.message, true); }
    } }, "Reveal");
    cell.append(reveal);
    return h("tr", { "data-version": v.VersionId },
      h("td", { class: "wrap" }, h("code", {}, v.VersionId)),
      h("td", {}, (v.VersionStages || []).length ? v.VersionStages.map(stageBadge) : h("span", { class: "muted" }, "deprecated")),
      h("td", { class: "optional" }, date(v.CreatedDate)),
      h("td", { class: "optional" }, date(v.LastAccessedDate)),
      cell);
  });
  return h("div", { class: "table-wrap" }, h("table", { id: "versions" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Version"), h("th", { scope: "col" }, "Labels"),
      h("th", { scope: "col", class: "optional" }, "Created"), h("th", { scope: "col", class: "optional" }, "Last accessed"), h("th", { scope: "col" }, "Value"))),
    h("tbody", {}, rows)));
}

function valueView(value) {
  const text = value.SecretString !== undefined ? value.SecretString : value.SecretBinary;
  const copy = h("button", { type: "button", class: "secondary", onclick: () =>
    navigator.clipboard.writeText(text).then(() => status("Copied."), () => status("The browser refused the clipboard.", true)) }, "Copy");
  let parsed = null;
  if (value.SecretString !== undefined) { try { parsed = JSON.parse(text); } catch (_) { parsed = null; } }
  const shown = parsed && typeof parsed === "object" && !Array.isArray(parsed)
    ? h("table", { class: "kv" }, h("tbody", {}, Object.entries(parsed).map(([k, v]) => h("tr", {}, h("th", { scope: "row" }, k), h("td", { class: "wrap" }, typeof v === "string" ? v : JSON.stringify(v))))))
    : h("pre", { class: "secret-value" }, value.SecretString !== undefined ? text : "base64: " + text);
  return h("div", { class: "value" }, shown, copy);
}

function changeForms(secret, versions, policy) {
  const id = secret.ARN;
  const versionOptions = () => versions.map((v) => h("option", { value: v.VersionId }, v.VersionId.slice(0, 8) + "… " + (v.VersionStages || []).join(" ")));
  const holder = (stage) => (versions.find((v) => (v.VersionStages || []).includes(stage)) || {}).VersionId;
  const forms = [
    form("Put a new value", [
      h("label", {}, "Kind", h("select", { name: "kind" }, h("option", { value: "string" }, "string"), h("option", { value: "binary" }, "binary (base64)"))),
      textarea("Value", "value", { id: "put-value" }),
      input("Labels (blank: AWSCURRENT)", "stages", { placeholder: "AWSCURRENT" }),
    ], "Put value", (node) => {
      const request = { SecretId: id };
      if (node.elements.kind.value === "binary") request.SecretBinary = node.elements.value.value.trim(); else request.SecretString = node.elements.value.value;
      const stages = field(node, "stages").split(/[\s,]+/).filter(Boolean);
      if (stages.length) request.VersionStages = stages;
      act("Put a new value", () => aws("PutSecretValue", request));
    }),
    form("Move a label", [
      input("Label", "stage", { required: true, list: "known-stages", id: "move-stage" }),
      h("datalist", { id: "known-stages" }, WELL_KNOWN.map((s) => h("option", { value: s }))),
      h("label", {}, "Onto version", h("select", { name: "to", id: "move-to" }, h("option", { value: "" }, "(none: remove the label)"), versionOptions())),
    ], "Move label", (node) => {
      const stage = field(node, "stage");
      const request = { SecretId: id, VersionStage: stage };
      if (field(node, "to")) request.MoveToVersionId = field(node, "to");
      if (holder(stage)) request.RemoveFromVersionId = holder(stage);
      act("Move " + stage, () => aws("UpdateSecretVersionStage", request));
    }),
    form("Edit description", [input("Description", "description", { value: secret.Description || "" })], "Save", (node) =>
      act("Update the description", () => aws("UpdateSecret", { SecretId: id, Description: field(node, "description") }))),
    form("Tags", [input("Add or change (key=value, key=value)", "add"), input("Remove keys (comma-separated)", "remove")], "Apply", async (node) => {
      const add = parseTags(field(node, "add"));
      const remove = field(node, "remove").split(",").map((k) => k.trim()).filter(Boolean);
      act("Change tags", async () => {
        if (add.length) await aws("TagResource", { SecretId: id, Tags: add });
        if (remove.length) await aws("UntagResource", { SecretId: id, TagKeys: remove });
      });
    }),
    form("Resource policy", [textarea("Policy (JSON)", "policy", { rows: 8 }, policy ? JSON.stringify(JSON.parse(policy), null, 2) : "")], "Put policy", (node, submitter) => {
      const text = node.elements.policy.value;
      if (submitter && submitter.value === "validate") {
        act("Validate the policy", async () => {
          const result = await aws("ValidateResourcePolicy", { SecretId: id, ResourcePolicy: text });
          if (!result.PolicyValidationPassed) throw new Error("Validation failed: " + JSON.stringify(result.ValidationErrors || []));
        });
      } else if (submitter && submitter.value === "delete") {
        act("Delete the policy", () => aws("DeleteResourcePolicy", { SecretId: id }));
      } else act("Put the policy", () => aws("PutResourcePolicy", { SecretId: id, ResourcePolicy: text }));
    }, [h("button", { type: "submit", value: "validate", class: "secondary" }, "Validate"), h("button", { type: "submit", value: "delete", class: "danger" }, "Delete policy")]),
    form("Rotation", [
      input("Rotate automatically after days", "days", { type: "number", min: 1, max: 1000, value: (secret.RotationRules || {}).AutomaticallyAfterDays || 30 }),
      input("Rotation function ARN (optional)", "lambda", { value: secret.RotationLambdaARN || "" }),
    ], "Configure and rotate now", (node, submitter) => {
      if (submitter && submitter.value === "cancel") { act("Cancel rotation", () => aws("CancelRotateSecret", { SecretId: id })); return; }
      const request = { SecretId: id, RotationRules: { AutomaticallyAfterDays: Number(field(node, "days")) } };
      if (field(node, "lambda")) request.RotationLambdaARN = field(node, "lambda");
      if (submitter && submitter.value === "schedule") request.RotateImmediately = false;
      act("Rotate", () => aws("RotateSecret", request));
    }, [h("button", { type: "submit", value: "schedule", class: "secondary" }, "Configure only"), h("button", { type: "submit", value: "cancel", class: "secondary" }, "Cancel rotation")]),
    form("Replication", [input("Replicate to region", "region", { placeholder: "eu-west-1" })], "Replicate", (node, submitter) => {
      if (submitter && submitter.value === "stop") { act("Stop replication", () => aws("StopReplicationToReplica", { SecretId: id })); return; }
      if (submitter && submitter.value === "remove") { act("Remove the replica", () => aws("RemoveRegionsFromReplication", { SecretId: id, RemoveReplicaRegions: [field(node, "region")] })); return; }
      act("Replicate", () => aws("ReplicateSecretToRegions", { SecretId: id, AddReplicaRegions: [{ Region: field(node, "region") }] }));
    }, [h("button", { type: "submit", value: "remove", class: "secondary" }, "Remove that replica"), h("button", { type: "submit", value: "stop", class: "secondary" }, "Stop replication (on a replica)")]),
    secret.DeletedDate
      ? form("Restore", [], "Restore", () => act("Restore", () => aws("RestoreSecret", { SecretId: id })))
      : form("Delete", [
        input("Recovery window (days, 7–30)", "days", { type: "number", min: 7, max: 30, value: 7 }),
        h("label", {}, h("span", {}, "Force: delete at once, no recovery"), h("input", { type: "checkbox", name: "force" })),
      ], "Delete", (node) => {
        const request = { SecretId: id };
        if (node.elements.force.checked) request.ForceDeleteWithoutRecovery = true; else request.RecoveryWindowInDays = Number(field(node, "days"));
        act("Delete", async () => { await aws("DeleteSecret", request); if (request.ForceDeleteWithoutRecovery) location.hash = listHref(); });
      }),
  ];
  return forms;
}

// ----- routing: #/<account>/<region>[/secret/<name>] ---------------------------------------------

async function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/");
  if (/^\d{12}$/.test(parts[0] || "") && parts[1]) partition = { account: parts[0], region: parts[1] };
  try {
    const state = await refreshHeader();
    if (!parts[0] && state.partitions.length) {
      partition = { account: state.partitions[0].accountId, region: state.partitions[0].region };
      await refreshHeader();
    }
    if (parts[2] === "secret" && parts[3]) {
      document.title = decodeURIComponent(parts[3]) + " — emulator console";
      await renderSecret(decodeURIComponent(parts.slice(3).join("/")));
    } else {
      document.title = "Secrets — emulator console";
      await renderList();
    }
    document.body.dataset.ready = String(Date.now());
  } catch (error) {
    status(error.message, true);
  }
}

setupHeader();
window.addEventListener("hashchange", () => { listState.tokens = [undefined]; route(); });
route();
