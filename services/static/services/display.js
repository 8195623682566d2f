// Hall display: speak each new call once (zh-CN) when the toggle is on. No external resources.
(function () {
  var toggle = document.getElementById("speak-toggle");
  var seen = new Set();
  var first = true;
  if (toggle) {
    toggle.checked = localStorage.getItem("services.speak") === "1";
    toggle.addEventListener("change", function () { localStorage.setItem("services.speak", toggle.checked ? "1" : "0"); });
  }
  function announce() {
    var rows = document.querySelectorAll("#board tr.call");
    rows.forEach(function (row) {
      var key = row.dataset.key;
      if (seen.has(key)) { return; }
      seen.add(key);
      if (!first && toggle && toggle.checked && "speechSynthesis" in window) {
        var utterance = new SpeechSynthesisUtterance(row.dataset.speech);
        utterance.lang = "zh-CN";
        window.speechSynthesis.speak(utterance);
      }
    });
    first = false;
  }
  announce();
  document.body.addEventListener("htmx:afterSwap", announce);
})();
