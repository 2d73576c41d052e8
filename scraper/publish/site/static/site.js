// Sorting, filtering and the age of the last check. The page reads fully without this file.
// Its words are the page's own (data-template attributes, from the gettext catalogs); ages and
// durations are the browser's, in the page's language (Intl).
"use strict";

(function () {
  const STALE_HOURS = 36; // the tracker runs every 6 hours: a day and a half without a run is a stall
  const LANG = document.documentElement.lang || "en";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  // (amount, unit) of a span of hours: minutes under an hour, hours under two days, else days.
  function span(hours) {
    if (hours < 1) return [Math.max(1, Math.floor(hours * 60)), "minute"];
    if (hours < 48) return [Math.floor(hours), "hour"];
    return [Math.floor(hours / 24), "day"];
  }

  function checkedAge() {
    const checked = document.getElementById("checked");
    const age = document.getElementById("checked-age");
    const stale = document.getElementById("stale");
    if (!checked || !age || !stale) return;
    const when = Date.parse(checked.dataset.checked || "");
    if (Number.isNaN(when)) return;
    const hours = Math.max(0, (Date.now() - when) / 3600000);
    const [amount, unit] = span(hours);
    age.textContent = " (" + new Intl.RelativeTimeFormat(LANG).format(-amount, unit) + ")";
    if (hours > STALE_HOURS && stale.dataset.template) {
      const duration = new Intl.NumberFormat(LANG, { style: "unit", unit: unit, unitDisplay: "long" });
      stale.textContent = fill(stale.dataset.template, { age: duration.format(amount) });
      stale.hidden = false;
    }
  }

  function cellValue(row, index) {
    const cell = row.children[index];
    return cell ? cell.dataset.value || "" : "";
  }

  function compare(a, b, numeric) {
    // Empty values (no date, no days left) always go last, whichever the direction.
    if (a === "" || b === "") return a === b ? 0 : a === "" ? 1 : -1;
    if (numeric) return Number(a) - Number(b);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function sortable(table) {
    const body = table.tBodies[0];
    const headers = Array.from(table.tHead.rows[0].cells);
    Array.from(body.rows).forEach(function (row, index) { row.dataset.order = String(index); });
    headers.forEach(function (header, index) {
      if (!header.dataset.sort) return;
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = header.textContent;
      const label = table.dataset.sortLabel || "{column}";
      button.setAttribute("aria-label", fill(label, { column: header.textContent.trim() }));
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () {
        const ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const numeric = header.dataset.sort === "number";
        const rows = Array.from(body.rows);
        rows.sort(function (a, b) {
          const va = cellValue(a, index);
          const vb = cellValue(b, index);
          const order = compare(va, vb, numeric);
          const directed = va === "" || vb === "" || ascending ? order : -order;
          return directed || Number(a.dataset.order) - Number(b.dataset.order);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function filterable(form, table) {
    const rows = Array.from(table.tBodies[0].rows);
    const bars = Array.from(document.querySelectorAll("#chart .bar, .chart-labels li"));
    const shown = document.getElementById("shown");
    const selects = Array.from(form.querySelectorAll("select"));
    function apply() {
      const wanted = {};
      selects.forEach(function (select) { wanted[select.name] = select.value; });
      const visible = new Set();
      rows.forEach(function (row) {
        const platforms = (row.dataset.platforms || "").split(" ");
        const match = (!wanted.status || row.dataset.status === wanted.status) &&
          (!wanted.family || row.dataset.family === wanted.family) &&
          (!wanted.platform || platforms.indexOf(wanted.platform) >= 0);
        row.hidden = !match;
        if (match) visible.add(row.id);
      });
      bars.forEach(function (bar) { bar.classList.toggle("dimmed", !visible.has(bar.dataset.anchor)); });
      if (shown) shown.textContent = fill(shown.dataset.template || "{shown}", { shown: visible.size });
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  // On a narrow screen the chart scrolls sideways: start with today in view, not 2024.
  function chartToToday() {
    const box = document.querySelector(".chart-scroll");
    const today = document.querySelector("#chart .today line");
    const labels = document.querySelector(".chart-labels");
    if (!box || !today || !labels || box.scrollWidth <= box.clientWidth) return;
    const plot = box.clientWidth - labels.offsetWidth;
    const x = today.getBoundingClientRect().left - box.getBoundingClientRect().left + box.scrollLeft;
    box.scrollLeft = Math.max(0, x - labels.offsetWidth - plot * 0.6);
  }

  document.addEventListener("DOMContentLoaded", function () {
    checkedAge();
    chartToToday();
    const table = document.getElementById("models-table");
    const form = document.getElementById("filters");
    if (table) sortable(table);
    if (table && form) filterable(form, table);
  });
})();
