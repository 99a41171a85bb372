// The report page's map: a marker at the report's place (data attributes of #report-map; no inline
// script, the CSP forbids it), or Gera without a marker when the report has no point yet. A click on
// the map or dragging the marker puts the point into the place form's Breite/Länge fields; saving
// stays a plain form post, so the fields alone (or the search) do the same without a map.
(function () {
  "use strict";

  var GERA = [50.8806, 12.0833];

  function fill(latLng) {
    var lat = document.getElementById("location-lat");
    var long = document.getElementById("location-long");
    if (!lat || !long) { return; }
    lat.value = latLng.lat.toFixed(6);
    long.value = latLng.lng.toFixed(6);
  }

  stadtbotMap.whenReady(function () {
    var box = document.getElementById("report-map");
    if (!box || typeof L === "undefined") { return; }
    var lat = parseFloat(box.dataset.lat);
    var long = parseFloat(box.dataset.long);
    var known = isFinite(lat) && isFinite(long);
    var map = stadtbotMap.create(box).setView(known ? [lat, long] : GERA, known ? 17 : 12);
    var marker = null;

    function place(latLng) {
      if (!marker) {
        marker = L.marker(latLng, { keyboard: false, draggable: true, title: "Ort der Meldung" }).addTo(map);
        marker.on("dragend", function () { fill(marker.getLatLng()); });
      } else {
        marker.setLatLng(latLng);
      }
    }

    if (known) { place([lat, long]); }
    map.on("click", function (event) {
      place(event.latlng);
      fill(event.latlng);
    });
  });
})();
