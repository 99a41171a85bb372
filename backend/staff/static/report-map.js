// The report page's map: one marker at the report's place, from the data attributes of #report-map
// (no inline script: the CSP forbids it). The coordinates and the OpenStreetMap link above the map
// are plain page text and always there.
(function () {
  "use strict";

  stadtbotMap.whenReady(function () {
    var box = document.getElementById("report-map");
    if (!box || typeof L === "undefined") { return; }
    var lat = parseFloat(box.dataset.lat);
    var long = parseFloat(box.dataset.long);
    if (!isFinite(lat) || !isFinite(long)) { return; }
    var map = stadtbotMap.create(box).setView([lat, long], 17);
    L.marker([lat, long], { keyboard: false, title: "Ort der Meldung" }).addTo(map);
  });
})();
