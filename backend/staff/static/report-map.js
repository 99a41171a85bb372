// The report page's map: Leaflet with one marker at the report's place.
// Everything comes from the data attributes of #report-map (no inline script: the CSP forbids it).
// Without tiles (none configured, or the tile server unreachable) the map stays grey with a hint;
// the coordinates and the OpenStreetMap link above the map are plain page text and always there.
(function () {
  "use strict";

  function showHint(text) {
    var hint = document.getElementById("map-hint");
    if (!hint) { return; }
    if (text) { hint.textContent = text; }
    hint.hidden = false;
  }

  function start() {
    var box = document.getElementById("report-map");
    if (!box || typeof L === "undefined") { return; }
    var lat = parseFloat(box.dataset.lat);
    var long = parseFloat(box.dataset.long);
    if (!isFinite(lat) || !isFinite(long)) { return; }

    var map = L.map(box, { scrollWheelZoom: false }).setView([lat, long], 17);
    map.attributionControl.setPrefix(false);  // Leaflet's own prefix link is not needed here
    L.marker([lat, long], { keyboard: false, title: "Ort der Meldung" }).addTo(map);

    var tiles = box.dataset.tiles || "";
    if (!tiles) {
      showHint("Keine Kartenkacheln eingestellt – Koordinaten und Link oben");
      return;
    }
    var layer = L.tileLayer(tiles, { maxZoom: 19, attribution: box.dataset.attribution || "" });
    // One hint is enough, however many tiles fail.
    layer.once("tileerror", function () { showHint(); });
    layer.addTo(map);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
