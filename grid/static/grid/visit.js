/* Grid worker pages: service worker registration, the visit form, and offline drafts.
 * A visit is posted to the API with a client-generated UUID. When the network is down (or the
 * request fails without an answer) the draft is kept in IndexedDB and sent again on page load,
 * on the `online` event and on a background sync; the server stores a resent draft once. */
(function () {
  "use strict";
  var script = document.currentScript;
  var API = script.dataset.api;
  var msg = function (name, fallback) { return script.dataset[name] || fallback; };
  var DB_NAME = "grid-drafts", STORE = "visits";

  if ("serviceWorker" in navigator && script.dataset.sw) {
    navigator.serviceWorker.register(script.dataset.sw, { scope: "/grid/" }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "flush-drafts") flushDrafts();
    });
  }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16); crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "client_uuid" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function tx(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode), store = t.objectStore(STORE), result;
        result = work(store);
        t.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }
  var saveDraft = function (draft) { return tx("readwrite", function (s) { return s.put(draft); }); };
  var deleteDraft = function (id) { return tx("readwrite", function (s) { return s.delete(id); }); };
  var allDrafts = function () { return tx("readonly", function (s) { return s.getAll(); }); };

  function status(text, kind) {
    var box = document.getElementById("draft-status");
    if (!box) return;
    box.textContent = text;
    box.className = "alert alert-" + (kind || "warning") + (text ? "" : " d-none");
  }

  /* A draft is a plain object: text fields, repeated fields as arrays, the photo as a Blob. */
  function draftFromForm(form) {
    var draft = { fields: {}, met_residents: [], observations: {}, photo: null, saved_at: new Date().toISOString() };
    new FormData(form).forEach(function (value, key) {
      if (key === "csrfmiddlewaretoken") return;
      if (key === "met_residents") draft.met_residents.push(value);
      else if (key.indexOf("obs_") === 0) { if (value) draft.observations[key.slice(4)] = value; }
      else if (key === "photo") { if (value && value.size) draft.photo = value; }
      else draft.fields[key] = value;
    });
    draft.client_uuid = draft.fields.client_uuid;
    draft.fields.visited_at = draft.saved_at;
    return draft;
  }

  function formDataFromDraft(draft) {
    var data = new FormData();
    Object.keys(draft.fields).forEach(function (key) { if (draft.fields[key] !== "") data.append(key, draft.fields[key]); });
    draft.met_residents.forEach(function (id) { data.append("met_residents", id); });
    data.append("observations", JSON.stringify(draft.observations));
    if (draft.photo) data.append("photo", draft.photo, draft.photo.name || "photo.jpg");
    return data;
  }

  function send(draft) {
    return fetch(API, { method: "POST", body: formDataFromDraft(draft), credentials: "same-origin",
                        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { status: response.status, body: body };
        });
      });
  }

  var flushing = false;
  function flushDrafts() {
    if (flushing || !window.indexedDB) return Promise.resolve();
    flushing = true;
    return allDrafts().then(function (drafts) {
      if (!drafts.length) return;
      status(msg("msgPending", "").replace("%(n)s", drafts.length));
      var rejected = [];
      return drafts.reduce(function (chain, draft) {
        return chain.then(function () {
          return send(draft).then(function (answer) {
            if (answer.status === 200 || answer.status === 201) return deleteDraft(draft.client_uuid);
            if (answer.status >= 400 && answer.status < 500 && answer.status !== 403) {
              draft.error = answer.body.detail || String(answer.status);
              rejected.push(draft.error);
              return saveDraft(draft);
            }
            return null;  // 403 (logged out), 5xx: keep for later
          });
        });
      }, Promise.resolve()).then(function () {
        return allDrafts().then(function (left) {
          if (!left.length) status(msg("msgSent", ""), "success");
          else if (rejected.length) status(msg("msgRejected", "") + rejected.join("；"), "danger");
          else status(msg("msgPending", "").replace("%(n)s", left.length));
        });
      });
    }).catch(function () {}).then(function () { flushing = false; });
  }

  window.addEventListener("online", flushDrafts);
  window.addEventListener("load", flushDrafts);

  var form = document.getElementById("visit-form");
  if (!form) return;
  var uuidField = form.querySelector("[name=client_uuid]");
  if (!uuidField.value) uuidField.value = uuid4();

  var households = [];
  try { households = JSON.parse(document.getElementById("households-data").textContent); } catch (e) { households = []; }
  var byId = {};
  households.forEach(function (h) { byId[String(h.id)] = h; });
  var select = form.querySelector("[name=household]");
  var search = document.getElementById("household-search");
  var metBox = document.getElementById("met-residents");

  search.classList.remove("d-none");
  search.addEventListener("input", function () {
    var q = search.value.trim();
    var first = null;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) return;
      var h = byId[option.value];
      var text = h ? h.label + " " + h.residents.map(function (r) { return r.name; }).join(" ") : option.text;
      option.hidden = q && text.indexOf(q) === -1;
      if (!option.hidden && !first) first = option;
    });
    if (q && first) { select.value = first.value; renderResidents(); }
  });

  function renderResidents() {
    var h = byId[select.value];
    metBox.textContent = "";
    if (!h) return;
    h.residents.forEach(function (r) {
      var wrap = document.createElement("div");
      wrap.className = "form-check form-check-inline fs-5";
      var input = document.createElement("input");
      input.type = "checkbox"; input.className = "form-check-input"; input.name = "met_residents";
      input.value = r.id; input.id = "met-" + r.id;
      var label = document.createElement("label");
      label.className = "form-check-label"; label.htmlFor = input.id;
      label.textContent = r.name + (r.relation ? "（" + r.relation + "）" : "");
      wrap.appendChild(input); wrap.appendChild(label); metBox.appendChild(wrap);
    });
    preTickTheOnlyResident();
  }

  // One resident at the door: they are the person met (untick if the outcome says nobody was met).
  function preTickTheOnlyResident() {
    var boxes = metBox.querySelectorAll("input[name=met_residents]");
    var outcome = form.querySelector("[name=outcome]:checked");
    if (boxes.length === 1 && (!outcome || outcome.value === "met")) boxes[0].checked = true;
  }
  form.addEventListener("change", function (event) {
    if (event.target.name !== "outcome") return;
    if (event.target.value === "met") preTickTheOnlyResident();
    else Array.prototype.forEach.call(metBox.querySelectorAll("input[name=met_residents]"),
      function (box) { box.checked = false; });
  });
  // 全部正常: every observation answered "ok" in one tap.
  var allNormal = form.querySelector("[data-all-normal]");
  if (allNormal) allNormal.addEventListener("click", function () {
    Array.prototype.forEach.call(form.querySelectorAll("input[type=radio][name^=obs_][value=ok]"),
      function (radio) { radio.checked = true; });
  });
  select.addEventListener("change", renderResidents);
  // Offline, the service worker may answer ?household=N with the plain form (N was never opened
  // online): pick N from the phone's household list, or say plainly that the phone does not hold it.
  var wanted = new URLSearchParams(window.location.search).get("household");
  if (wanted && select.value !== wanted) {
    if (byId[wanted]) select.value = wanted;
    else { select.value = ""; status(msg("msgUnknownHousehold", "")); }
  }
  if (select.value && !metBox.children.length) renderResidents();
  else preTickTheOnlyResident();

  var locate = document.getElementById("use-location");
  locate.addEventListener("change", function () {
    var note = document.getElementById("location-status");
    if (!locate.checked) { form.latitude.value = ""; form.longitude.value = ""; note.textContent = ""; return; }
    if (!navigator.geolocation) { note.textContent = "×"; return; }
    note.textContent = "…";
    navigator.geolocation.getCurrentPosition(function (position) {
      form.latitude.value = position.coords.latitude.toFixed(6);
      form.longitude.value = position.coords.longitude.toFixed(6);
      note.textContent = "✓";
    }, function () { note.textContent = "×"; locate.checked = false; }, { timeout: 10000, maximumAge: 60000 });
  });

  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.indexedDB) return;  // plain form POST to the page
    event.preventDefault();
    var draft = draftFromForm(form);
    var button = form.querySelector("[type=submit]");
    button.disabled = true;
    function keepOffline() {
      return saveDraft(draft).then(function () {
        status(msg("msgOffline", ""));
        if ("serviceWorker" in navigator && "SyncManager" in window) {
          navigator.serviceWorker.ready.then(function (reg) { return reg.sync.register("visit-drafts"); }).catch(function () {});
        }
        form.reset(); metBox.textContent = ""; uuidField.value = uuid4(); button.disabled = false;
        window.scrollTo(0, 0);
      });
    }
    if (!navigator.onLine) { keepOffline(); return; }
    send(draft).then(function (answer) {
      if ((answer.status === 200 || answer.status === 201) && answer.body.url) { window.location = answer.body.url; return; }
      if (answer.status >= 500) { keepOffline(); return; }
      button.disabled = false;
      status(answer.body.detail || String(answer.status), "danger");
      window.scrollTo(0, 0);
    }).catch(keepOffline);
  });
})();
