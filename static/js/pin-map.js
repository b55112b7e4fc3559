// The pin map of the idea form (templates/participation/idea_form.html).
//
// The pin is placed by clicking or tapping the map, by dragging it, with the keyboard (the map takes the focus,
// a cross marks its middle, the arrow keys move the map, Enter places the pin at the cross), or by choosing a
// place found by the address search. The hidden latitude/longitude inputs follow the pin; a visible line says
// where it is, and a polite live region reads out each placement and, while the map has the keyboard focus,
// the place under the cross after each move (the nearest address or district, from the server).
//
// Without JavaScript none of this is shown: the map and the search button are `hidden` until this script runs,
// and the typed address alone is enough (the server looks it up). django-leaflet creates the map on window load
// and announces it with a "map:init" event; module scripts run before that.

const data = readJson("pin-map-data");
const root = document.querySelector("[data-pin-map]");

if (data && root) {
  const pin = createPin(data, root);
  setUpSearch(data, pin);
  root.hidden = false;
  window.addEventListener("map:init", (event) => {
    const { map } = event.detail;
    if (map.getContainer().id === "pin-map") {
      pin.attach(map);
    }
  });
}

function readJson(id) {
  const element = document.getElementById(id);
  try {
    return element ? JSON.parse(element.textContent) : null;
  } catch {
    return null;
  }
}

function format(template, values) {
  return String(template || "").replace(/%\((\w+)\)s/g, (match, name) => (name in values ? String(values[name]) : match));
}

function debounce(fn, wait) {
  let timer = null;
  return (...args) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), wait);
  };
}

async function getJson(url, signal) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, signal });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error || `${response.status} ${response.statusText}`);
    error.userMessage = body.error || "";
    throw error;
  }
  return body;
}

// What the server says is at a point: {label, district: {name, slug} | null}. Answers are remembered per ~1 m
// (in `known`, which look-ups may share); a new question cancels this look-up's unanswered one.
function createPlaceLookup(url, known) {
  let controller = null;
  return async (lat, lon) => {
    const key = `${lat.toFixed(5)},${lon.toFixed(5)}`;
    if (known.has(key)) {
      return known.get(key);
    }
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    const params = new URLSearchParams({ lat: lat.toFixed(6), lon: lon.toFixed(6) });
    const place = await getJson(`${url}?${params}`, controller.signal);
    known.set(key, place);
    return place;
  };
}

function createPin(data, root) {
  const strings = data.strings || {};
  const inputs = data.inputs || {};
  const latInput = document.getElementById(inputs.latitude);
  const lonInput = document.getElementById(inputs.longitude);
  const status = root.querySelector("[data-pin-status]");
  const live = root.querySelector("[data-pin-live]");
  const removeButton = root.querySelector("[data-pin-remove]");
  const areaSlugs = new Set(Array.isArray(data.districts) ? data.districts : []);
  const known = new Map();
  const lookUpPin = createPlaceLookup(data.reverseUrl, known);
  const lookUpCentre = createPlaceLookup(data.reverseUrl, known);
  let map = null;
  let marker = null;
  let placed = null; // {lat, lon}
  // Each read-out counts; an answer that arrives after a newer question is dropped.
  let pinQuestion = 0;
  let centreQuestion = 0;

  function initialPoint() {
    const lat = Number.parseFloat(latInput && latInput.value);
    const lon = Number.parseFloat(lonInput && lonInput.value);
    return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
  }

  // "Nørrebrogade 20, 2200 København N, Nørrebro", plus a warning when it is outside the project's area.
  function describe(place, chosenLabel) {
    const district = place && place.district;
    let text = chosenLabel || (place && place.label) || "";
    // "Nørrebrogade 1, 2200 København N" names no district, although "Nørrebro" is in it: compare whole parts.
    if (district && district.name && !text.split(/,\s*/).includes(district.name)) {
      text = text ? `${text}, ${district.name}` : district.name;
    }
    const outside = areaSlugs.size > 0 ? !district || !areaSlugs.has(district.slug) : !district;
    return { text, outside };
  }

  function say(message) {
    live.textContent = message;
  }

  function showPlaced(lat, lon, { label = "", announce = true } = {}) {
    const current = ++pinQuestion;
    centreQuestion++; // a pending "centre of the map" read-out would now be out of date
    status.textContent = label ? format(strings.pinPlacedNear, { place: label }) : strings.pinPlaced;
    lookUpPin(lat, lon)
      .then((place) => {
        if (current !== pinQuestion) {
          return;
        }
        const { text, outside } = describe(place, label);
        let message = text ? format(strings.pinPlacedNear, { place: text }) : strings.pinPlaced;
        if (outside) {
          message = `${message} ${format(strings.outside, { area: data.area })}`;
        }
        status.textContent = message;
        if (announce) {
          say(message);
        }
      })
      .catch((error) => {
        if (error.name === "AbortError" || current !== pinQuestion) {
          return;
        }
        if (announce) {
          say(error.userMessage || status.textContent);
        }
      });
  }

  function setInputs(lat, lon) {
    latInput.value = lat === null ? "" : lat.toFixed(6);
    lonInput.value = lon === null ? "" : lon.toFixed(6);
  }

  function drawMarker(lat, lon) {
    if (!map) {
      return;
    }
    if (marker) {
      marker.setLatLng([lat, lon]);
      return;
    }
    marker = L.marker([lat, lon], {
      draggable: true,
      keyboard: false, // the keyboard moves the pin through the map's cross, not by focusing the marker
      icon: L.divIcon({
        className: "pin-map__pin",
        html:
          '<svg viewBox="0 0 32 44" width="32" height="44" aria-hidden="true" focusable="false">' +
          '<path d="M16 1C7.7 1 1 7.6 1 15.8 1 27 16 43 16 43s15-16 15-27.2C31 7.6 24.3 1 16 1z"/>' +
          '<circle cx="16" cy="16" r="5.5"/></svg>',
        iconSize: [32, 44],
        iconAnchor: [16, 43],
      }),
    }).addTo(map);
    // The pin is described by the text below the map; the picture itself is decoration.
    marker.on("add", () => marker.getElement().setAttribute("aria-hidden", "true"));
    marker.getElement().setAttribute("aria-hidden", "true");
    marker.on("dragend", () => {
      const { lat: newLat, lng: newLon } = marker.getLatLng();
      place(newLat, newLon);
    });
  }

  function place(lat, lon, { label = "", pan = false, announce = true } = {}) {
    placed = { lat, lon };
    setInputs(lat, lon);
    drawMarker(lat, lon);
    if (map && pan) {
      map.setView([lat, lon], Math.max(map.getZoom(), 16));
    }
    removeButton.hidden = false;
    showPlaced(lat, lon, { label, announce });
  }

  function remove() {
    pinQuestion++;
    placed = null;
    setInputs(null, null);
    if (marker) {
      marker.remove();
      marker = null;
    }
    removeButton.hidden = true;
    status.textContent = strings.pinNone;
    say(strings.pinRemoved);
  }

  removeButton.addEventListener("click", () => {
    remove();
    // The button disappears; the map is where a new pin is placed.
    if (map) {
      map.getContainer().focus();
    }
  });

  const start = initialPoint();
  if (start) {
    place(start.lat, start.lon, { announce: false });
  }

  function attach(leafletMap) {
    map = leafletMap;
    const container = map.getContainer();
    setUpMap(map, container, data, strings);
    if (placed) {
      drawMarker(placed.lat, placed.lon);
    }

    map.on("click", (event) => place(event.latlng.lat, event.latlng.lng));

    // The cross shows while the map is used from the keyboard; Enter places the pin under it.
    container.addEventListener("keydown", (event) => {
      if (event.target !== container) {
        return;
      }
      container.classList.add("pin-map__canvas--keyboard");
      if (event.key === "Enter") {
        event.preventDefault();
        const centre = map.getCenter();
        place(centre.lat, centre.lng);
      }
    });
    container.addEventListener("mousedown", () => container.classList.remove("pin-map__canvas--keyboard"));
    container.addEventListener("blur", () => container.classList.remove("pin-map__canvas--keyboard"));

    const usingKeyboard = () =>
      document.activeElement === container && container.classList.contains("pin-map__canvas--keyboard");
    const readCentre = debounce(() => {
      if (!usingKeyboard()) {
        return;
      }
      const centre = map.getCenter();
      const current = ++centreQuestion;
      lookUpCentre(centre.lat, centre.lng)
        .then((found) => {
          if (current !== centreQuestion || !usingKeyboard()) {
            return;
          }
          const { text, outside } = describe(found);
          let message = format(strings.centreNear, { place: text || data.area });
          if (outside) {
            message = `${message} ${format(strings.outside, { area: data.area })}`;
          }
          say(message);
        })
        .catch((error) => {
          if (error.name !== "AbortError" && error.userMessage) {
            say(error.userMessage);
          }
        });
    }, 500);
    map.on("moveend", readCentre);
  }

  return { place, remove, attach };
}

function setUpMap(map, container, data, strings) {
  if (map.zoomControl) {
    map.zoomControl.remove();
    map.zoomControl = L.control.zoom({ zoomInTitle: strings.zoomIn, zoomOutTitle: strings.zoomOut }).addTo(map);
  }
  // Scrolling the page over the map should scroll the page; the buttons, +/−, pinch and double-click zoom.
  map.scrollWheelZoom.disable();
  let hasTiles = false;
  map.eachLayer((layer) => {
    hasTiles = hasTiles || layer instanceof L.TileLayer;
  });
  container.classList.toggle("pin-map__canvas--no-tiles", !hasTiles);

  const cross = document.createElement("div");
  cross.className = "pin-map__cross";
  cross.setAttribute("aria-hidden", "true");
  container.append(cross);

  drawArea(map, data, strings, hasTiles)
    .catch((error) => console.warn("Could not draw the project's area:", error))
    .finally(() => {
      const latInput = document.getElementById(data.inputs.latitude);
      const lat = Number.parseFloat(latInput.value);
      const lon = Number.parseFloat(document.getElementById(data.inputs.longitude).value);
      if (Number.isFinite(lat) && Number.isFinite(lon)) {
        map.setView([lat, lon], Math.max(map.getZoom(), 15));
      }
      container.dataset.ready = "true";
    });
}

// The project's districts drawn strongly, the rest of the city lightly; the map opens on the project's area.
async function drawArea(map, data, strings, hasTiles) {
  const url = new URL(data.districtsUrl, window.location.href);
  if (url.origin !== window.location.origin) {
    return;
  }
  const collection = await getJson(url.href);
  const area = new Set(Array.isArray(data.districts) ? data.districts : []);
  const inArea = (feature) => area.size === 0 || area.has(feature.properties && feature.properties.slug);
  const fill = hasTiles ? 0.1 : 0.85;
  const layer = L.geoJSON(collection, {
    interactive: false,
    attribution: escapeHtml(strings.outlinesCredit || collection.attribution || ""),
    style: (feature) =>
      inArea(feature)
        ? { color: "#0b3a5c", weight: 3, opacity: 1, fillColor: "#ffffff", fillOpacity: fill }
        : { color: "#5a6b78", weight: 1, opacity: 0.8, fillColor: "#ebe8e1", fillOpacity: hasTiles ? 0.25 : 0.9 },
  }).addTo(map);
  const bounds = L.latLngBounds([]);
  layer.eachLayer((item) => {
    if (inArea(item.feature)) {
      bounds.extend(item.getBounds());
    }
  });
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [16, 16] });
  }
}

function setUpSearch(data, pin) {
  const strings = data.strings || {};
  const input = document.getElementById(data.inputs.address);
  const button = document.querySelector("[data-pin-find]");
  const results = document.querySelector("[data-pin-results]");
  const resultsStatus = document.querySelector("[data-pin-results-status]");
  const list = document.querySelector("[data-pin-results-list]");
  if (!input || !button || !results || !list) {
    return;
  }
  button.hidden = false;
  let controller = null;
  let lastQuery = "";

  function clear() {
    list.replaceChildren();
    resultsStatus.textContent = "";
    results.hidden = true;
    lastQuery = "";
  }

  function choose(place) {
    input.value = place.label;
    clear();
    input.focus();
    pin.place(place.lat, place.lon, { label: place.label, pan: true });
  }

  async function search(force) {
    const query = input.value.trim();
    if (query.length < 2) {
      clear();
      return;
    }
    if (query === lastQuery && !force) {
      return;
    }
    lastQuery = query;
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    results.hidden = false;
    resultsStatus.textContent = strings.searching;
    try {
      const body = await getJson(`${data.searchUrl}?${new URLSearchParams({ q: query })}`, controller.signal);
      const places = Array.isArray(body.places) ? body.places : [];
      list.replaceChildren(
        ...places.map((place) => {
          const item = document.createElement("li");
          const choice = document.createElement("button");
          choice.type = "button";
          choice.className = "pin-map__result";
          choice.textContent = String(place.label);
          choice.addEventListener("click", () => choose(place));
          item.append(choice);
          return item;
        }),
      );
      resultsStatus.textContent =
        places.length === 0
          ? strings.foundNone
          : places.length === 1
            ? strings.foundOne
            : format(strings.foundMany, { count: places.length });
    } catch (error) {
      if (error.name === "AbortError") {
        return;
      }
      list.replaceChildren();
      resultsStatus.textContent = error.userMessage || strings.searchFailed;
      lastQuery = "";
    }
  }

  const searchSoon = debounce(() => search(false), 300);
  input.addEventListener("input", searchSoon);
  // Enter in the address field searches instead of sending the form; Escape closes the list.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      search(true);
    } else if (event.key === "Escape" && !results.hidden) {
      event.preventDefault();
      clear();
    }
  });
  button.addEventListener("click", () => search(true));
}

function escapeHtml(text) {
  const element = document.createElement("span");
  element.textContent = String(text);
  return element.innerHTML;
}
