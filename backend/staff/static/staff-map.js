// The staff web's Leaflet maps share this: a map in a box with tiles from data-tiles, and a hint
// (element #map-hint) when no tiles are configured or the tile server cannot be reached. Whatever the
// map shows is also on the page as text, so a map without tiles loses nothing.
window.stadtbotMap = (function () {
  "use strict";

  function showHint(text) {
    var hint = document.getElementById("map-hint");
    if (!hint) { return; }
    if (text) { hint.textContent = text; }
    hint.hidden = false;
  }

  function create(box) {
    var map = L.map(box, { scrollWheelZoom: false, zoomControl: false });
    // Leaflet's zoom buttons in German: their titles are what a screen reader says.
    L.control.zoom({ zoomInTitle: "Karte vergrößern", zoomOutTitle: "Karte verkleinern" }).addTo(map);
    map.attributionControl.setPrefix(false);  // Leaflet's own prefix link is not needed here
    var tiles = box.dataset.tiles || "";
    if (!tiles) {
      showHint("Keine Kartenkacheln eingestellt – die Angaben stehen auch als Text auf der Seite");
      return map;
    }
    var layer = L.tileLayer(tiles, { maxZoom: 19, attribution: box.dataset.attribution || "" });
    layer.once("tileerror", function () { showHint(); });  // one hint is enough, however many tiles fail
    layer.addTo(map);
    return map;
  }

  function whenReady(start) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }

  return { create: create, showHint: showHint, whenReady: whenReady };
})();
