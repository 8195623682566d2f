// Submit page: category suggestion while typing (htmx) and the optional browser location.
(function () {
  var config = JSON.parse(document.getElementById("appeals-submit-config").textContent);
  var text = document.getElementById("id_text");
  if (text && window.htmx) {
    text.setAttribute("hx-get", config.suggest);
    text.setAttribute("hx-trigger", "input changed delay:500ms");
    text.setAttribute("hx-target", "#category-suggestion");
    text.setAttribute("hx-vals", "js:{text: document.getElementById('id_text').value}");
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
      status.textContent = config.located;
    }, function () { status.textContent = config.failed; }, {enableHighAccuracy: true, timeout: 10000});
  });
})();
