// Submit page: category suggestion while typing (htmx) and the optional browser location.
// Configuration comes from this script tag's data-* attributes (the CSP allows no inline script).
(function () {
  var config = document.currentScript.dataset;
  var text = document.getElementById("id_text");
  if (text && window.htmx) {
    // htmx sends the triggering field's own value (name="text"), so no script-evaluated hx-vals (eval) is needed.
    text.setAttribute("hx-get", config.suggest);
    text.setAttribute("hx-trigger", "input changed delay:500ms");
    text.setAttribute("hx-target", "#category-suggestion");
    htmx.process(text);
  }
  document.addEventListener("click", function (event) {
    if (event.target.matches("[data-pick-category]")) {
      document.getElementById("id_category").value = event.target.getAttribute("data-pick-category");
    }
  });
  var button = document.getElementById("locate-btn");
  var status = document.getElementById("locate-status");
  if (!button) return;
  if (!navigator.geolocation) { button.hidden = true; return; }
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("id_latitude").value = pos.coords.latitude.toFixed(6);
      document.getElementById("id_longitude").value = pos.coords.longitude.toFixed(6);
      status.textContent = config.msgLocated;
    }, function () { status.textContent = config.msgFailed; }, {enableHighAccuracy: true, timeout: 10000});
  });
})();
