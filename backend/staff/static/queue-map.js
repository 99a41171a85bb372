// The queue's map: every report of the current filters that has coordinates, loaded from the
// GeoJSON export (data-geojson of #queue-map, same filters). A marker's popup names number,
// category and state and links to the report; citizen text is never put into the map's HTML.
(function () {
  "use strict";

  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/staff/reports/" + encodeURIComponent(properties["Nummer"]);
    link.textContent = "Meldung " + properties["Nummer"];
    box.appendChild(link);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(properties["Kategorie"] + " · " + properties["Stand"]));
    return box;
  }

  function show(map, box, collection) {
    var layer = L.geoJSON(collection, {
      // The marker's title (a tooltip, and what a screen reader says) names the report.
      pointToLayer: function (feature, latLng) {
        var p = feature.properties;
        return L.marker(latLng, { title: "Meldung " + p["Nummer"] + " · " + p["Kategorie"] + " · " + p["Stand"] });
      },
      onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
    }).addTo(map);
    var count = collection.features.length;
    box.dataset.markers = String(count);
    if (count) {
      map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20], animate: false });  // no zoom animation: markers stand still for a click at once
    }
    var note = document.getElementById("queue-map-note");
    if (note && collection.ohne_koordinaten) {
      note.textContent = collection.ohne_koordinaten + " Meldung(en) der Auswahl ohne Kartenpunkt (Ort unsicher) sind nicht auf der Karte. ";
      var link = document.createElement("a");
      var query = new URLSearchParams(window.location.search);
      query.set("ort", "ohne");
      query.delete("seite");
      link.href = "?" + query.toString();
      link.textContent = "Diese anzeigen";
      note.appendChild(link);
      note.hidden = false;
    }
  }

  stadtbotMap.whenReady(function () {
    var box = document.getElementById("queue-map");
    if (!box || typeof L === "undefined") { return; }
    var map = stadtbotMap.create(box).setView([50.8806, 12.0833], 12);  // Gera's centre until the reports are in
    fetch(box.dataset.geojson, { credentials: "same-origin", headers: { "Accept": "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (collection) { show(map, box, collection); })
      .catch(function () { stadtbotMap.showHint("Die Meldungen konnten nicht auf die Karte geladen werden."); });
  });
})();
