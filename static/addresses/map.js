// The maps of the Factuuradres and Verzendadres blocks (addresses app). A <div data-map data-lat data-lon …>
// becomes a Leaflet map with a marker, on first paint and after every HTMX swap (htmx:load). When no tile loads
// (no network, a laptop on a train) the map shows the vendored country outline instead, with the same marker.
(function () {
  "use strict";
  if (!window.L) return;
  const OFFLINE_ZOOM = 7;
  const TILE_WAIT_MS = 4000;
  const outlines = {}; // url -> Promise of the GeoJSON, fetched once per page

  function outline(url) {
    outlines[url] = outlines[url] || fetch(url, { credentials: "same-origin" }).then((answer) => answer.json());
    return outlines[url];
  }

  function showOutline(map, element, tiles) {
    if (element.dataset.mapOffline) return;
    element.dataset.mapOffline = "1";
    if (tiles) map.removeLayer(tiles);
    element.classList.add("address-map-offline");
    map.setZoom(OFFLINE_ZOOM);
    outline(element.dataset.outline)
      .then((data) => {
        L.geoJSON(data, { interactive: false, attribution: "Natural Earth", style: { color: "#6b7280", weight: 1, fillColor: "#e5e7eb", fillOpacity: 1 } })
          .addTo(map)
          .bringToBack();
      })
      .catch(() => {});
  }

  function init(element) {
    if (element.dataset.mapReady) return;
    element.dataset.mapReady = "1";
    const position = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    const map = L.map(element, { scrollWheelZoom: false }).setView(position, 15);
    const icon = L.icon({
      iconUrl: element.dataset.icon,
      iconRetinaUrl: element.dataset.iconRetina,
      shadowUrl: element.dataset.shadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      shadowSize: [41, 41],
    });
    L.marker(position, { icon, keyboard: false, alt: element.getAttribute("aria-label") || "" }).addTo(map);
    if (!element.dataset.tiles) {
      showOutline(map, element, null);
      return;
    }
    const tiles = L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 19 });
    let loaded = false;
    tiles.on("tileload", () => {
      loaded = true;
      element.dataset.mapTiles = "1";
    });
    tiles.on("tileerror", () => {
      if (!loaded) showOutline(map, element, tiles);
    });
    tiles.addTo(map);
    setTimeout(() => {
      if (!loaded) showOutline(map, element, tiles);
    }, TILE_WAIT_MS);
  }

  document.addEventListener("htmx:load", (event) => {
    const root = event.detail.elt;
    if (root.matches && root.matches("[data-map]")) init(root);
    if (root.querySelectorAll) root.querySelectorAll("[data-map]").forEach(init);
  });
})();
