// Creates the maps that django-leaflet's {% leaflet_map %} tag describes (templates/leaflet/_leaflet_map.html),
// in place of its inline script, which the Content-Security-Policy refuses. Same behaviour: each map is made
// with L.Map.djangoMap on the page's load events (or at once without any), which announces it with "map:init".
// A classic script, loaded right after each map's description; a description is started only once.
(function () {
  "use strict";

  function globalFunction(path) {
    let target = window;
    for (const part of String(path || "")
      .replace(/^window\./, "")
      .split(".")) {
      if (!part || target == null) {
        return null;
      }
      target = target[part];
    }
    return typeof target === "function" ? target : null;
  }

  function parse(text, fallback) {
    try {
      return JSON.parse(text);
    } catch {
      return fallback;
    }
  }

  function start(element) {
    element.dataset.leafletStarted = "true";
    const name = element.dataset.leafletMap;
    const djoptions = parse(element.dataset.djoptions, {});
    const loadevents = parse(element.dataset.loadevents, []);
    const globals = element.dataset.globals === "true";
    const callback = element.dataset.callback;

    function loadmap() {
      const map = L.Map.djangoMap(name, {
        djoptions,
        initfunc: loadmap,
        globals,
        callback: callback ? globalFunction(callback) : null,
      });
      if (globals) {
        window["leafletmap" + name] = map;
      }
    }

    if (globals) {
      window["loadmap" + name] = loadmap;
    }
    if (!Array.isArray(loadevents) || loadevents.length === 0) {
      loadmap();
    } else {
      for (const event of loadevents) {
        window.addEventListener(event, loadmap, false);
      }
    }
  }

  document.querySelectorAll("[data-leaflet-map]:not([data-leaflet-started])").forEach(start);
})();
