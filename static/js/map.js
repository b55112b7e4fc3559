// Districts, project markers and (on a project page) the project's ideas on the maps rendered by
// templates/maps/map.html. django-leaflet creates each map on window load and announces it with a
// "map:init" event; module scripts run before that, so listening here is enough.

const DISTRICT_STYLE = { color: "#2b5a7d", weight: 1.5, opacity: 0.9, fillColor: "#ffffff" };
const HIGHLIGHT_STYLE = { color: "#0b3a5c", weight: 4, opacity: 1, fillColor: "#9ccbe8" };
const MARKERS_MAX_ZOOM = 15;

window.addEventListener("map:init", (event) => {
  const { map } = event.detail;
  const container = map.getContainer();
  if (!container.dataset.mapData) {
    return; // a map from another template
  }
  setUpMap(map, container, readData(container.dataset.mapData));
});

function readData(id) {
  const element = document.getElementById(id);
  try {
    return (element && JSON.parse(element.textContent)) || {};
  } catch {
    return {};
  }
}

function setUpMap(map, container, data) {
  const labels = container.dataset;
  // Quarter zoom steps, so that fitting the city or a district fills the map instead of leaving
  // up to half of it empty; the zoom buttons and keys still step by whole levels.
  map.options.zoomSnap = 0.25;
  relabelZoomControl(map, labels);
  let hasTiles = false;
  map.eachLayer((layer) => {
    hasTiles = hasTiles || layer instanceof L.TileLayer;
  });
  container.classList.toggle("sob-map--no-tiles", !hasTiles);

  const markers = addMarkers(map, Array.isArray(data.markers) ? data.markers : [], labels, data.cluster !== false);
  const highlight = new Set(Array.isArray(data.highlight) ? data.highlight : []);
  const fitMarkers = () => {
    if (markers.getLayers().length) {
      map.fitBounds(markers.getBounds(), { maxZoom: MARKERS_MAX_ZOOM, padding: [24, 24] });
    }
  };
  // The ideas follow the view, so they are first asked for once the map has found its opening view.
  const ideas =
    data.ideasUrl && isSameOrigin(data.ideasUrl) && Number.isInteger(data.project)
      ? createIdeasLayer(map, container, data, labels)
      : null;
  const viewSet =
    data.districtsUrl && isSameOrigin(data.districtsUrl)
      ? drawDistricts(map, data.districtsUrl, highlight, hasTiles, labels.attribution).catch((error) => {
          console.warn("Could not draw the district outlines:", error);
          fitMarkers();
        })
      : Promise.resolve(fitMarkers());
  if (ideas) {
    viewSet.finally(ideas.start);
  }
}

// Leaflet's zoom buttons are labelled in English; the template passes translated labels.
function relabelZoomControl(map, labels) {
  if (!map.zoomControl) {
    return;
  }
  map.zoomControl.remove();
  map.zoomControl = L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
}

// The map opens on the highlighted districts (a project's own), else on the whole city. The credit for the
// outlines comes translated from the template; the GeoJSON's "attribution" member is the fallback.
async function drawDistricts(map, url, highlight, hasTiles, attribution) {
  const response = await fetch(url, {
    credentials: "same-origin",
    headers: { Accept: "application/geo+json, application/json" },
  });
  if (!response.ok) {
    throw new Error(`${response.status} ${response.statusText}`);
  }
  const collection = await response.json();
  // Without tiles the filled districts are the land; over tiles a light tint is enough.
  const fillOpacity = hasTiles ? 0.08 : 0.85;
  // Not bindTooltip: it adds focus listeners, which make Chromium put every SVG path in the tab order.
  const nameTooltip = L.tooltip({ className: "sob-map__district-name", direction: "top", offset: [0, -8] });
  const outlines = L.geoJSON(collection, {
    // Drawn half a map beyond each edge (Leaflet's default is a tenth), so that neighbouring districts
    // are there at once when the map is dragged, not only after it stops.
    renderer: L.svg({ padding: 0.5 }),
    attribution: escapeHtml(attribution || collection.attribution || ""),
    style: (feature) => {
      const highlighted = highlight.has(feature.properties && feature.properties.slug);
      return { ...(highlighted ? HIGHLIGHT_STYLE : DISTRICT_STYLE), fillOpacity: highlighted ? fillOpacity + 0.1 : fillOpacity };
    },
    onEachFeature: (feature, layer) => {
      const name = feature.properties && feature.properties.name;
      if (name) {
        layer.on("mouseover mousemove", (event) => {
          nameTooltip.setContent(textElement("span", name)).setLatLng(event.latlng);
          if (!map.hasLayer(nameTooltip)) {
            map.openTooltip(nameTooltip);
          }
        });
        layer.on("mouseout", () => map.closeTooltip(nameTooltip));
      }
    },
  }).addTo(map);
  const highlightBounds = L.latLngBounds([]);
  outlines.eachLayer((layer) => {
    const properties = layer.feature && layer.feature.properties;
    if (properties && highlight.has(properties.slug)) {
      highlightBounds.extend(layer.getBounds());
    }
  });
  if (highlightBounds.isValid()) {
    map.fitBounds(highlightBounds, { padding: [24, 24] });
  } else if (outlines.getLayers().length) {
    map.fitBounds(outlines.getBounds());
  }
}

// Markers close together are grouped, unless the data says "cluster": false (a few markers whose styles matter).
function addMarkers(map, items, labels, cluster = true) {
  const group =
    cluster && typeof L.markerClusterGroup === "function"
      ? L.markerClusterGroup({
          showCoverageOnHover: false,
          iconCreateFunction: (cluster) => clusterIcon(cluster, labels.clusterLabel),
        })
      : L.featureGroup();
  for (const item of items) {
    const marker = projectMarker(item);
    if (marker) {
      group.addLayer(marker);
    }
  }
  return group.addTo(map);
}

function projectMarker(item) {
  const lat = Number(item.lat);
  const lon = Number(item.lon);
  const title = String(item.title || "");
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || !title) {
    return null;
  }
  const href = safeUrl(item.url);
  const phase = item.phase ? String(item.phase) : "";
  const phaseLabel = item.phaseLabel ? String(item.phaseLabel) : phase;
  const marker = L.marker([lat, lon], {
    icon: L.divIcon({
      className: `sob-map__marker sob-map__marker--${cssToken(phase)}`,
      iconSize: [22, 22],
      iconAnchor: [11, 11],
      tooltipAnchor: [0, -11],
    }),
    title,
    keyboard: Boolean(href),
    riseOnHover: true,
  });
  const tooltip = textElement("span", title);
  if (phaseLabel) {
    tooltip.append(document.createElement("br"), textElement("span", phaseLabel));
  }
  marker.bindTooltip(tooltip, { direction: "top" });
  // Leaflet makes a focusable role=button div; it leads to a page, so it is a link (or, without
  // a page, just a picture). The element is recreated whenever a cluster splits, hence on every "add".
  marker.on("add", () => {
    const element = marker.getElement();
    element.setAttribute("role", href ? "link" : "img");
    element.setAttribute("aria-label", title);
  });
  if (href) {
    marker.on("click", () => window.location.assign(href));
    marker.on("keypress", (event) => {
      if (event.originalEvent.key === "Enter") {
        window.location.assign(href);
      }
    });
  }
  return marker;
}

// The default cluster icon is named only by its number; this one says what the number means.
function clusterIcon(cluster, template) {
  return countIcon(cluster.getChildCount(), template);
}

function countIcon(count, template, className = "") {
  const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
  const label = format(template || "%(count)s", { count });
  return L.divIcon({
    html: `<div><span aria-hidden="true">${count}</span><span class="sob-map__sr-only">${escapeHtml(label)}</span></div>`,
    className: `marker-cluster marker-cluster-${size} ${className}`.trim(),
    iconSize: L.point(40, 40),
  });
}

// The ideas layer of a project page --------------------------------------------------------------------
//
// The server counts ideas into clusters below street level and sends single ideas from there on
// (participation/api.py); leaflet.markercluster only groups single ideas that would overlap on screen.
// The layer asks again after every move (debounced; a request for a view that is gone is aborted) and
// keeps the markers that are still there, so a marker with the keyboard focus keeps it. The filters are
// the list's: read from the page's query, each kept only when the list's form offers that value, as the
// list ignores any other. The list and the map point at each other through the items' data-idea-id.
// The map's data-ideas says "loading", "ready" or "error", for the browser tests to wait on.

const IDEAS_DELAY_MS = 250;
const FILTER_PARAMS = [
  ["bydel", "district"],
  ["kategori", "category"],
  ["svar", "status"],
];
const RAISED = 1000;
const popupsClosingOnEscape = new WeakSet();

function createIdeasLayer(map, container, data, labels) {
  const language = document.documentElement.lang || undefined;
  const numbers = new Intl.NumberFormat(language);
  const plurals = new Intl.PluralRules(language);
  const counted = (one, other, count) =>
    format(plurals.select(count) === "one" ? one : other, { count: numbers.format(count) });
  const status = document.getElementById(labels.ideasStatus);
  const filters = listFilters();
  const listItems = new Map();
  for (const item of document.querySelectorAll("[data-idea-id]")) {
    const id = Number(item.dataset.ideaId);
    if (Number.isInteger(id)) {
      listItems.set(id, item);
    }
  }

  const clusterLayer = L.featureGroup().addTo(map);
  const pointLayer = (
    typeof L.markerClusterGroup === "function"
      ? L.markerClusterGroup({
          showCoverageOnHover: false,
          maxClusterRadius: 40,
          iconCreateFunction: (cluster) => clusterIcon(cluster, labels.ideasClusterLabel),
        })
      : L.featureGroup()
  ).addTo(map);
  // leaflet.markercluster zooms into its own groups on Enter; the focus then follows as for the server's.
  pointLayer.on("clusterkeypress", (event) => {
    if (event.originalEvent && event.originalEvent.key === "Enter") {
      focusAfterZoom = event.layer.getBounds();
    }
  });
  const clusterMarkers = new Map(); // feature id and count → server cluster marker
  const pointMarkers = new Map(); // idea id → marker
  const popup = L.popup({ offset: [0, -10], maxWidth: 280, autoPanPadding: [24, 24] });
  let request = null;
  let timer = 0;
  let focusAfterZoom = null;
  let selectedId = null;
  let hovered = null;
  let raised = null;
  let focusedMarker = null;

  function schedule() {
    window.clearTimeout(timer);
    if (request) {
      request.abort();
      request = null;
    }
    container.dataset.ideas = "loading";
    timer = window.setTimeout(load, IDEAS_DELAY_MS);
  }

  async function load() {
    const controller = new AbortController();
    request = controller;
    const bounds = map.getBounds();
    const url = ideasRequestUrl(data.ideasUrl, { project: data.project, bounds, zoom: map.getZoom(), filters, language });
    try {
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/geo+json, application/json" },
        signal: controller.signal,
      });
      if (!response.ok) {
        throw new Error(`${response.status} ${response.statusText}`);
      }
      const collection = await response.json();
      if (request !== controller) {
        return;
      }
      request = null;
      render(Array.isArray(collection.features) ? collection.features : [], bounds);
      container.dataset.ideas = "ready";
    } catch (error) {
      if (controller.signal.aborted) {
        return;
      }
      request = null;
      console.warn("Could not load the ideas:", error);
      announce(labels.ideasError);
      container.dataset.ideas = "error";
    }
  }

  function render(features, bounds) {
    const nextClusters = new Map();
    const nextPoints = new Map();
    let shown = 0;
    for (const feature of inReadingOrder(features)) {
      const spot = featurePoint(feature);
      const properties = (feature && feature.properties) || {};
      if (!spot) {
        continue;
      }
      if (properties.cluster === true) {
        const count = Number(properties.count);
        const cell = cellBounds(properties.bbox);
        if (!Number.isInteger(count) || count < 1 || !cell) {
          continue;
        }
        const key = `${feature.id || spot.toString()}:${count}`;
        nextClusters.set(key, clusterMarkers.get(key) || clusterMarker(spot, count, cell));
        shown += bounds.contains(spot) ? count : 0;
      } else {
        const id = Number(properties.id);
        if (!Number.isInteger(id) || !properties.title) {
          continue;
        }
        nextPoints.set(id, pointMarkers.get(id) || ideaMarker(spot, id, properties));
        shown += bounds.contains(spot) ? 1 : 0;
      }
    }
    replaceMarkers(clusterLayer, clusterMarkers, nextClusters);
    replaceMarkers(pointLayer, pointMarkers, nextPoints);
    announce(counted(labels.ideasShownOne, labels.ideasShownOther, shown));
    highlightHovered();
    if (focusAfterZoom) {
      const cell = focusAfterZoom;
      focusAfterZoom = null;
      focusFirstIn(cell);
    } else if (focusedMarker && !focusedMarker.isConnected && focusIsLost()) {
      // The focused marker is gone (its cluster split, or it left the view): the map keeps the focus.
      container.focus({ preventScroll: true });
    }
  }

  function focusIsLost() {
    return !document.activeElement || document.activeElement === document.body;
  }

  // Which marker has the keyboard focus, to give it back to the map when the marker disappears.
  container.addEventListener("focusin", (event) => {
    focusedMarker = event.target.classList.contains("leaflet-marker-icon") ? event.target : null;
  });
  container.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !container.contains(event.relatedTarget)) {
      focusedMarker = null;
    }
  });

  function announce(text) {
    if (status && status.textContent !== text) {
      status.textContent = text;
    }
  }

  function clusterMarker(spot, count, cell) {
    const marker = L.marker(spot, {
      icon: countIcon(count, labels.ideasClusterLabel, "sob-map__cluster"),
      keyboard: true,
      riseOnHover: true,
    });
    marker.ideaCell = cell;
    marker.on("click", () => zoomInto(cell, false));
    marker.on("keydown", (event) => {
      if (isActivation(event.originalEvent)) {
        L.DomEvent.preventDefault(event.originalEvent);
        zoomInto(cell, true);
      }
    });
    return marker;
  }

  // Into the cluster's grid cell, at least one level closer; from the keyboard, the focus follows to the
  // first group or idea inside it once they have come.
  function zoomInto(cell, fromKeyboard) {
    const zoom = Math.min(Math.max(map.getBoundsZoom(cell, false, L.point(48, 48)), map.getZoom() + 1), map.getMaxZoom());
    focusAfterZoom = fromKeyboard ? cell : null;
    map.setView(cell.getCenter(), zoom);
  }

  function focusFirstIn(cell) {
    const inside = [...clusterMarkers.values()].filter((marker) => cell.contains(marker.getLatLng()));
    for (const marker of pointMarkers.values()) {
      const visible = visibleMarker(marker);
      if (visible && cell.contains(marker.getLatLng()) && !inside.includes(visible)) {
        inside.push(visible);
      }
    }
    const first = inReadingOrder(inside.map((marker) => ({ marker, point: marker.getLatLng() })))
      .map(({ marker }) => marker.getElement())
      .find(Boolean);
    (first || container).focus({ preventScroll: true });
  }

  function ideaMarker(spot, id, properties) {
    const title = String(properties.title);
    const marker = L.marker(spot, {
      icon: L.divIcon({
        className: "sob-map__marker sob-map__marker--idea",
        iconSize: [24, 24],
        iconAnchor: [12, 12],
        tooltipAnchor: [0, -12],
      }),
      keyboard: true,
      riseOnHover: true,
    });
    marker.idea = {
      id,
      title,
      url: safeUrl(properties.url),
      statusLabel: properties.status_label ? String(properties.status_label) : "",
      supportCount: Number.isInteger(properties.support_count) ? properties.support_count : 0,
    };
    marker.bindTooltip(textElement("span", title), { direction: "top" });
    // Leaflet makes the icon a focusable role=button; it opens the idea's popup. The element is recreated
    // whenever a client-side cluster splits, hence on every "add".
    marker.on("add", () => {
      const element = marker.getElement();
      element.setAttribute("aria-label", title);
      element.classList.toggle("sob-map__marker--selected", id === selectedId);
    });
    marker.on("click", () => select(marker, false));
    marker.on("keydown", (event) => {
      if (isActivation(event.originalEvent)) {
        L.DomEvent.preventDefault(event.originalEvent);
        select(marker, true);
      }
    });
    marker.on("remove", () => {
      if (id === selectedId) {
        map.closePopup(popup);
      }
    });
    return marker;
  }

  // Selecting an idea opens its popup and marks its item in the list; from the keyboard the focus moves
  // into the popup (Escape closes it and brings the focus back).
  function select(marker, fromKeyboard) {
    selectedId = marker.idea.id;
    markSelected();
    marker.closeTooltip();
    popup.sourceMarker = marker;
    popup.setLatLng(marker.getLatLng()).setContent(popupContent(marker.idea)).openOn(map);
    const element = popup.getElement();
    const close = element && element.querySelector(".leaflet-popup-close-button");
    if (close && labels.closePopup) {
      close.setAttribute("aria-label", labels.closePopup);
      close.title = labels.closePopup;
    }
    if (element && !popupsClosingOnEscape.has(element)) {
      // The map's own Escape handling only listens while the map itself has the focus.
      popupsClosingOnEscape.add(element);
      L.DomEvent.on(element, "keydown", (event) => {
        if (event.key === "Escape") {
          L.DomEvent.stop(event);
          map.closePopup(popup);
        }
      });
    }
    const link = element && element.querySelector("a[href]:not(.leaflet-popup-close-button)");
    if (fromKeyboard && link) {
      link.focus({ preventScroll: true });
    }
  }

  function popupContent(idea) {
    const root = document.createElement("div");
    root.className = "sob-map__popup";
    const title = document.createElement("p");
    title.className = "sob-map__popup-title";
    if (idea.url) {
      const link = textElement("a", idea.title);
      link.href = idea.url;
      title.append(link);
    } else {
      title.textContent = idea.title;
    }
    root.append(
      title,
      textElement("p", idea.statusLabel || labels.notAnswered || ""),
      textElement("p", counted(labels.supportsOne, labels.supportsOther, idea.supportCount)),
    );
    const item = listItems.get(idea.id);
    if (item && labels.showInList) {
      const link = textElement("a", labels.showInList);
      link.href = item.id ? `#${item.id}` : "#";
      link.addEventListener("click", (event) => {
        event.preventDefault();
        showInList(item);
      });
      const paragraph = document.createElement("p");
      paragraph.append(link);
      root.append(paragraph);
    }
    return root;
  }

  map.on("popupclose", (event) => {
    if (event.popup !== popup) {
      return;
    }
    const element = popup.getElement();
    const active = document.activeElement;
    const focusWasInPopup = (element && element.contains(active)) || active === document.body || !active;
    const source = popup.sourceMarker && popup.sourceMarker.getElement();
    selectedId = null;
    popup.sourceMarker = null;
    markSelected();
    if (focusWasInPopup && source) {
      source.focus({ preventScroll: true });
    }
  });

  function markSelected() {
    for (const [id, item] of listItems) {
      item.classList.toggle("sob-map__list-item--selected", id === selectedId);
    }
    for (const [id, marker] of pointMarkers) {
      const element = marker.getElement();
      if (element) {
        element.classList.toggle("sob-map__marker--selected", id === selectedId);
      }
    }
  }

  // Pointing at or focusing an item of the list marks its marker, or the group it is counted in.
  for (const [id, item] of listItems) {
    const target = { id, lat: Number(item.dataset.ideaLat), lon: Number(item.dataset.ideaLon) };
    const enter = () => {
      hovered = target;
      highlightHovered();
    };
    const leave = (event) => {
      if (event.type === "focusout" && item.contains(event.relatedTarget)) {
        return;
      }
      if (hovered === target) {
        hovered = null;
        highlightHovered();
      }
    };
    item.addEventListener("mouseenter", enter);
    item.addEventListener("focusin", enter);
    item.addEventListener("mouseleave", leave);
    item.addEventListener("focusout", leave);
  }

  function highlightHovered() {
    for (const element of container.querySelectorAll(".sob-map__marker--highlighted")) {
      element.classList.remove("sob-map__marker--highlighted");
    }
    if (raised) {
      raised.setZIndexOffset(0);
      raised = null;
    }
    const marker = hovered && markerShowing(hovered);
    const element = marker && marker.getElement();
    if (element) {
      element.classList.add("sob-map__marker--highlighted");
      marker.setZIndexOffset(RAISED);
      raised = marker;
    }
  }

  function markerShowing({ id, lat, lon }) {
    const marker = pointMarkers.get(id);
    if (marker) {
      return visibleMarker(marker);
    }
    if (Number.isFinite(lat) && Number.isFinite(lon)) {
      return [...clusterMarkers.values()].find((cluster) => cluster.ideaCell.contains([lat, lon])) || null;
    }
    return null;
  }

  // The marker itself, or the client-side cluster it is drawn in; null when neither is on the map.
  function visibleMarker(marker) {
    if (typeof pointLayer.getVisibleParent === "function") {
      return pointLayer.getVisibleParent(marker);
    }
    return map.hasLayer(marker) ? marker : null;
  }

  return {
    start() {
      map.on("moveend", schedule);
      schedule();
    },
  };
}

function ideasRequestUrl(base, { project, bounds, zoom, filters, language }) {
  const url = new URL(base, window.location.href);
  // Rounded outwards to about a metre: nothing on the edge is left out, and the same view asks the same URL.
  const down = (value, limit) => Math.max(Math.floor(value * 1e5) / 1e5, limit).toFixed(5);
  const up = (value, limit) => Math.min(Math.ceil(value * 1e5) / 1e5, limit).toFixed(5);
  url.searchParams.set("project", String(project));
  url.searchParams.set("zoom", String(Math.max(0, Math.min(22, Math.floor(zoom)))));
  url.searchParams.set(
    "bbox",
    [down(bounds.getWest(), -180), down(bounds.getSouth(), -90), up(bounds.getEast(), 180), up(bounds.getNorth(), 90)].join(","),
  );
  for (const [name, value] of Object.entries(filters)) {
    url.searchParams.set(name, value);
  }
  if (language) {
    url.searchParams.set("lang", language);
  }
  return url.href;
}

function listFilters() {
  const query = new URLSearchParams(window.location.search);
  const form = document.querySelector("form[data-idea-filters]");
  const filters = {};
  for (const [listName, apiName] of FILTER_PARAMS) {
    // Django reads the last of a repeated parameter.
    const value = query.getAll(listName).pop() || "";
    if (value && formOffers(form, listName, value)) {
      filters[apiName] = value;
    }
  }
  return filters;
}

function formOffers(form, name, value) {
  if (!form) {
    return true;
  }
  const field = form.elements.namedItem(name);
  if (!field) {
    return false;
  }
  return field.options ? [...field.options].some((option) => option.value === value) : true;
}

function featurePoint(feature) {
  const geometry = feature && feature.geometry;
  if (!geometry || geometry.type !== "Point" || !Array.isArray(geometry.coordinates)) {
    return null;
  }
  const [lon, lat] = geometry.coordinates.map(Number);
  return Number.isFinite(lat) && Number.isFinite(lon) ? L.latLng(lat, lon) : null;
}

function cellBounds(bbox) {
  if (!Array.isArray(bbox) || bbox.length !== 4) {
    return null;
  }
  const [minLon, minLat, maxLon, maxLat] = bbox.map(Number);
  if (![minLon, minLat, maxLon, maxLat].every(Number.isFinite)) {
    return null;
  }
  return L.latLngBounds([minLat, minLon], [maxLat, maxLon]);
}

// North to south, then west to east, so that Tab goes through new markers as a page is read.
function inReadingOrder(items) {
  const position = (item) => (item.point ? item.point : featurePoint(item)) || L.latLng(0, 0);
  return [...items].sort((a, b) => position(b).lat - position(a).lat || position(a).lng - position(b).lng);
}

function replaceMarkers(group, current, next) {
  const gone = [...current].filter(([key, marker]) => next.get(key) !== marker).map(([, marker]) => marker);
  const added = [...next].filter(([key, marker]) => current.get(key) !== marker).map(([, marker]) => marker);
  if (typeof group.removeLayers === "function") {
    group.removeLayers(gone);
    group.addLayers(added);
  } else {
    gone.forEach((marker) => group.removeLayer(marker));
    added.forEach((marker) => group.addLayer(marker));
  }
  current.clear();
  for (const [key, marker] of next) {
    current.set(key, marker);
  }
}

function isActivation(event) {
  return event.key === "Enter" || event.key === " ";
}

function showInList(item) {
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  item.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
  const link = item.querySelector("a[href]");
  if (link) {
    link.focus({ preventScroll: true });
  }
}

function isSameOrigin(url) {
  try {
    return new URL(url, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

function safeUrl(url) {
  if (!url) {
    return "";
  }
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : "";
  } catch {
    return "";
  }
}

function cssToken(value) {
  return value.toLowerCase().replace(/[^a-z0-9-]+/g, "-") || "default";
}

function textElement(tag, text) {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}

function escapeHtml(text) {
  return textElement("span", String(text)).innerHTML;
}

function format(template, values) {
  return String(template || "").replace(/%\((\w+)\)s/g, (match, name) => (name in values ? String(values[name]) : match));
}
