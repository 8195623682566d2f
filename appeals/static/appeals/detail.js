// Staff: insert a canned reply into the reply text.
(function () {
  var select = document.getElementById("id_canned");
  var data = document.getElementById("appeals-canned");
  if (!select || !data) return;
  var replies = JSON.parse(data.textContent);
  select.addEventListener("change", function () {
    var text = document.getElementById("id_text");
    var chosen = replies.find(function (r) { return String(r.pk) === select.value; });
    if (chosen && text) { text.value = (text.value ? text.value + "\n" : "") + chosen.text; }
  });
})();
