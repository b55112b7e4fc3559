// Districts and project markers on the maps rendered by templates/maps/map.html.
// django-leaflet creates each map on window load and announces it with a "map:init" event;
// module scripts run before that, so listening here is enough.

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

  const markers = addMarkers(map, Array.isArray(data.markers) ? data.markers : [], labels);
  const highlight = new Set(Array.isArray(data.highlight) ? data.highlight : []);
  const fitMarkers = () => {
    if (markers.getLayers().length) {
      map.fitBounds(markers.getBounds(), { maxZoom: MARKERS_MAX_ZOOM, padding: [24, 24] });
    }
  };
  if (data.districtsUrl && isSameOrigin(data.districtsUrl)) {
    drawDistricts(map, data.districtsUrl, highlight, hasTiles, labels.attribution).catch((error) => {
      console.warn("Could not draw the district outlines:", error);
      fitMarkers();
    });
  } else {
    fitMarkers();
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

function addMarkers(map, items, labels) {
  const group =
    typeof L.markerClusterGroup === "function"
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
  const count = cluster.getChildCount();
  const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
  const label = (template || "%(count)s").replace("%(count)s", String(count));
  return L.divIcon({
    html: `<div><span aria-hidden="true">${count}</span><span class="sob-map__sr-only">${escapeHtml(label)}</span></div>`,
    className: `marker-cluster marker-cluster-${size}`,
    iconSize: L.point(40, 40),
  });
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
