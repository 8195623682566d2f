/* Behaviour every page shares. The Content-Security-Policy forbids inline handlers
 * (onclick=, onchange=, onsubmit=), so templates mark elements with data-* attributes and
 * this file listens once on the document:
 * - <select data-autosubmit>: submits its form when the choice changes;
 * - <button data-print>: prints the page;
 * - <form data-clear-cache="PREFIX">: empties every Cache Storage entry whose name starts with PREFIX
 *   when submitted (any version of the cache: grid-v1, grid-v2…) (logout
 *   drops the grid pages kept for offline use, so the next person on the phone cannot read them);
 * - an htmx poller with data-poll-pause="SELECTOR" skips its refresh while something inside it
 *   matches (an opened <details> is not snapped shut). htmx trigger filters `[...]` would do this
 *   with eval, which the policy forbids;
 * - <input data-filter-list="SELECTOR">: hides the [data-filter-text] entries of that list whose
 *   text does not contain what is typed (the console's searchable list of items);
 * - <form data-warn-missing>: on the first submit with material file inputs ([data-material]) left
 *   empty, lists them in its [data-missing-list] box and asks again (the button says so); the second
 *   submit goes through (a resident may hand in the rest later);
 * - <button data-fill-form="SELECTOR" data-fill='{"name": "value"}'>: fills those fields of that form
 *   (tapping a free room slot fills the booking's times and purpose);
 * - <button data-read-aloud> (长辈模式): reads the page's main text aloud with the browser's speech
 *   synthesis (zh-CN voice where there is one); shown only where the browser can speak. */
(function () {
  "use strict";
  document.addEventListener("input", function (event) {
    var el = event.target;
    if (!el.matches || !el.matches("[data-filter-list]")) return;
    var list = document.querySelector(el.getAttribute("data-filter-list"));
    if (!list) return;
    var query = el.value.trim();
    Array.prototype.forEach.call(list.querySelectorAll("[data-filter-text]"), function (entry) {
      entry.hidden = query !== "" && entry.getAttribute("data-filter-text").indexOf(query) === -1;
    });
  });
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-fill-form]") : null;
    if (!button) return;
    var form = document.querySelector(button.getAttribute("data-fill-form"));
    var values = JSON.parse(button.getAttribute("data-fill"));
    Object.keys(values).forEach(function (name) {
      var field = form && form.elements[name];
      if (field) field.value = values[name];
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-fill-form][aria-pressed]"),
      function (other) { other.setAttribute("aria-pressed", "false"); });
    button.setAttribute("aria-pressed", "true");
    var next = form && form.elements.title;
    if (next) next.focus();
  });
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-print]") : null;
    if (!el) return;
    event.preventDefault();
    window.print();
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    var pause = elt && elt.getAttribute && elt.getAttribute("data-poll-pause");
    if (pause && elt.querySelector(pause)) event.preventDefault();
  });
  var reader = document.querySelector("[data-read-aloud]");
  if (reader && "speechSynthesis" in window) {
    reader.hidden = false;
    reader.addEventListener("click", function () {
      if (speechSynthesis.speaking) {
        speechSynthesis.cancel();
        reader.textContent = reader.getAttribute("data-start-label");
        return;
      }
      var main = document.getElementById("main");
      var text = Array.prototype.filter.call(main.children, function (el) { return !el.contains(reader); })
        .map(function (el) { return el.innerText; }).join("\n");
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang && document.documentElement.lang.indexOf("en") === 0 ? "en" : "zh-CN";
      utterance.rate = 0.9;  // a little slower than the default, for older listeners
      utterance.onend = function () { reader.textContent = reader.getAttribute("data-start-label"); };
      speechSynthesis.speak(utterance);
      reader.textContent = reader.getAttribute("data-stop-label");
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-warn-missing]") || form.getAttribute("data-warned")) return;
    var empty = Array.prototype.filter.call(form.querySelectorAll("input[type=file][data-material]"),
      function (input) { return !input.files || input.files.length === 0; })
      .map(function (input) { return input.getAttribute("data-material"); });
    if (!empty.length) return;
    event.preventDefault();
    form.setAttribute("data-warned", "1");
    var box = form.querySelector("[data-missing-list]");
    box.querySelector("span").textContent = empty.join("、");
    box.classList.remove("d-none");
    var button = form.querySelector("[type=submit]");
    if (button) button.textContent = form.getAttribute("data-confirm-label");
    box.scrollIntoView({ block: "center" });
  });
  document.addEventListener("submit", function (event) {
    var name = event.target.getAttribute && event.target.getAttribute("data-clear-cache");
    if (name && window.caches) {
      caches.keys().then(function (keys) {
        keys.forEach(function (key) { if (key.indexOf(name) === 0) caches.delete(key); });
      });
    }
  });
})();
