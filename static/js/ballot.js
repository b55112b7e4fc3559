// The ballot (templates/budgeting/ballot.html).
//
// The page works without this script: the form posts the choices, and the server answers with the same page and
// its errors. With the script:
// - the budget bar (its text and its width) follows every pick; the text is a polite live region;
// - a pick that would go over the budget, over the most proposals or over the points is refused (the box is
//   unticked again, the number put back) and an assertive live region says why and what to do;
// - the draft is saved in the background: a POST of the form to the same address with action=save and the
//   header X-Requested-With: fetch, which the server answers with 204 (or 400 with {"errors": [...]}).
// The figures and texts come from the json_script "ballot-data"; texts have %(name)s placeholders.

const SAVE_DELAY_MS = 700;

const data = readJson("ballot-data");
const form = document.querySelector("[data-ballot-form]");

if (data && form) {
  setUp(data, form);
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

function setUp(data, form) {
  const strings = data.strings || {};
  const inputs = Array.from(form.querySelectorAll("input[data-proposal]"));
  const bar = form.querySelector("[data-ballot-bar]");
  const barText = form.querySelector("[data-ballot-bar-text]");
  const barLeft = form.querySelector("[data-ballot-bar-left]");
  const barOver = form.querySelector("[data-ballot-bar-over]");
  const barFill = form.querySelector("[data-ballot-bar-fill]");
  const announcer = form.querySelector("[data-ballot-announcer]");
  const saveStatus = form.querySelector("[data-ballot-save-status]");
  const limit = Number(data.limit) || 0;
  const perProposal = Number(data.perProposal) || 0;
  // The last accepted value of each number input, to put back when a new one is refused.
  const accepted = new Map(inputs.map((input) => [input, input.value]));

  const money = (amount) => {
    const separator = data.thousandSeparator || ".";
    return String(Math.max(0, Math.round(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  };

  const pointsOf = (input) => {
    if (input.type === "checkbox") {
      return input.checked ? 1 : 0;
    }
    const value = Number(input.value);
    return Number.isInteger(value) && value > 0 ? value : 0;
  };

  const costOf = (input) => Number(data.costs[input.dataset.proposal]) || 0;
  const titleOf = (input) => data.titles[input.dataset.proposal] || "";

  // What the bar counts: kroner, proposals chosen, or points given.
  const used = () => {
    if (data.kind === "budget") {
      return inputs.reduce((sum, input) => sum + (pointsOf(input) > 0 ? costOf(input) : 0), 0);
    }
    if (data.kind === "choices") {
      return inputs.filter((input) => pointsOf(input) > 0).length;
    }
    return inputs.reduce((sum, input) => sum + pointsOf(input), 0);
  };

  function render() {
    const total = used();
    const over = total > limit;
    if (data.kind === "budget") {
      barText.textContent = format(strings.budget, { used: money(total), budget: money(limit) });
      barLeft.textContent = over ? "" : ` (${format(strings.leftBudget, { left: money(limit - total) })})`;
      barOver.textContent = over ? format(strings.overBudget, { over: money(total - limit) }) : "";
    } else if (data.kind === "choices") {
      const left = limit - total;
      barText.textContent = format(strings.choices, { chosen: total, most: limit });
      barLeft.textContent = over ? "" : ` (${format(left === 1 ? strings.leftChoicesOne : strings.leftChoicesMany, { left })})`;
      barOver.textContent = over ? format(strings.overChoices, { most: limit }) : "";
    } else {
      const left = limit - total;
      barText.textContent = format(strings.points, { given: total, total: limit });
      barLeft.textContent = over ? "" : ` (${format(left === 1 ? strings.leftPointsOne : strings.leftPointsMany, { left })})`;
      barOver.textContent = over ? format(strings.overPoints, { total: limit }) : "";
    }
    barOver.hidden = !over;
    bar.classList.toggle("ballot-bar--over", over);
    barFill.style.width = `${limit ? Math.min(100, Math.round((100 * total) / limit)) : 0}%`;
    for (const input of inputs) {
      input.closest(".ballot-item")?.classList.toggle("ballot-item--chosen", pointsOf(input) > 0);
    }
  }

  function announce(message) {
    // Emptied first, so that the same message twice in a row is read out twice.
    announcer.textContent = "";
    window.setTimeout(() => {
      announcer.textContent = message;
    }, 50);
  }

  // Why adding this pick breaks the rules, or "" when it does not. `before` is what the input held until now.
  function refusal(input, before) {
    const total = used();
    if (total <= limit || total <= before.total) {
      return "";
    }
    if (data.kind === "budget") {
      return format(strings.refusedBudget, {
        title: titleOf(input),
        cost: money(costOf(input)),
        left: money(limit - before.total),
      });
    }
    if (data.kind === "choices") {
      return format(strings.refusedChoices, { most: limit, title: titleOf(input) });
    }
    return format(strings.refusedPoints, { left: Math.max(0, limit - before.total) });
  }

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.type !== "checkbox" || !inputs.includes(input)) {
      return;
    }
    if (input.checked) {
      input.checked = false;
      const before = { total: used() };
      input.checked = true;
      const message = refusal(input, before);
      if (message) {
        input.checked = false;
        announce(message);
        return;
      }
    }
    render();
    scheduleSave();
  });

  form.addEventListener("input", (event) => {
    const input = event.target;
    if (input.type !== "number" || !inputs.includes(input)) {
      return;
    }
    const typed = input.value;
    if (typed === "") {
      render();
      return;
    }
    const value = Number(typed);
    if (!Number.isInteger(value) || value < 0) {
      // The server explains a value it cannot read; nothing is counted meanwhile.
      render();
      return;
    }
    if (perProposal && value > perProposal) {
      input.value = accepted.get(input);
      announce(format(strings.refusedPerProposal, { most: perProposal }));
      render();
      return;
    }
    input.value = accepted.get(input);
    const before = { total: used() };
    input.value = typed;
    const message = refusal(input, before);
    if (message) {
      input.value = accepted.get(input);
      announce(message);
      render();
      return;
    }
    accepted.set(input, typed);
    render();
    scheduleSave();
  });

  // Saving in the background -------------------------------------------------------------------------------

  let timer = null;
  let inFlight = null;
  let savedState = null;

  const state = () => inputs.map((input) => `${input.dataset.proposal}:${pointsOf(input)}`).join(",");

  function showSaveStatus(message) {
    if (saveStatus.textContent !== message) {
      saveStatus.textContent = message;
    }
  }

  function scheduleSave() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, SAVE_DELAY_MS);
  }

  async function save() {
    timer = null;
    if (inFlight) {
      await inFlight;
    }
    const current = state();
    if (current === savedState) {
      return;
    }
    const body = new FormData(form);
    body.set("action", "save");
    const token = form.querySelector("input[name='csrfmiddlewaretoken']")?.value || "";
    // getAttribute: the buttons named "action" shadow form.action.
    inFlight = fetch(form.getAttribute("action"), {
      method: "POST",
      body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": token, Accept: "application/json" },
    })
      .then((response) => {
        if (response.status === 204) {
          savedState = current;
          showSaveStatus(strings.saved);
        } else {
          showSaveStatus(strings.saveFailed);
        }
      })
      .catch(() => showSaveStatus(strings.saveFailed))
      .finally(() => {
        inFlight = null;
      });
    await inFlight;
  }

  // Posting the form itself waits for a background save under way, so that an older draft never lands last.
  form.addEventListener("submit", (event) => {
    window.clearTimeout(timer);
    timer = null;
    if (inFlight) {
      event.preventDefault();
      const submitter = event.submitter;
      inFlight.then(() => form.requestSubmit(submitter));
    }
  });

  savedState = state();
  render();
}
