// Keyboard, screen reader and small-screen fixes the Python side cannot make: Dash 4's own
// components take no ARIA props (dcc.RadioItems, dcc.Checklist, dcc.Dropdown, dcc.Upload),
// and plotly charts neither wrap their text nor answer the keyboard. Each fix is re-applied
// whenever Dash renders new DOM, so it holds across page changes and callback updates.
(function () {
  "use strict";

  // The width at which app.css turns the page into its small-screen layout.
  var SMALL = window.matchMedia("(max-width: 600px)");

  // Radio items, checklists and the lists of open dropdowns: Dash 4 renders
  // role=listbox > label[role=option] > <input>, a listbox with no name whose options hold
  // native radios or checkboxes (nested interactive controls). The native inputs are the
  // accessible part: drop the listbox roles. The <fieldset> around radio items (ui.radio)
  // names them by its <legend>; an open dropdown is a dialog named by the control's label.
  var OPTION = "label.dash-options-list-option";

  function plainOptions(root) {
    root.querySelectorAll(".dash-options-list[role]").forEach(function (list) {
      list.removeAttribute("role");
    });
    root.querySelectorAll(OPTION).forEach(plainOption);
  }

  function plainOption(label) {
    if (label.hasAttribute("role")) {
      label.removeAttribute("role");
    }
    // React puts aria-selected back each time the choice changes.
    if (label.hasAttribute("aria-selected")) {
      label.removeAttribute("aria-selected");
    }
  }

  // Dropdowns: Tab reaches the button itself (Dash 4 sends it to an aria-hidden input that
  // app.css hides), and the button and its open list are named by the control's label.
  function dropdowns(root) {
    root.querySelectorAll("button.dash-dropdown").forEach(function (button) {
      if (button.getAttribute("tabindex") === "-1") {
        button.setAttribute("tabindex", "0");
      }
      if (button.getAttribute("aria-haspopup") !== "dialog") {
        button.setAttribute("aria-haspopup", "dialog");
      }
      var label = button.id ? document.getElementById(button.id + "-label") : null;
      if (!label) {
        return;
      }
      var named = button.getAttribute("aria-labelledby") || "";
      if (named.split(" ")[0] !== label.id) {
        button.setAttribute("aria-labelledby", (label.id + " " + named).trim());
      }
      var wrapper = button.closest(".dash-dropdown-wrapper");
      var dialog = wrapper ? wrapper.querySelector(".dash-dropdown-content") : null;
      if (dialog && dialog.getAttribute("aria-labelledby") !== label.id) {
        dialog.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  // Typing into a dropdown filters it, however fast. Dash 4 opens the list on a key typed on
  // its button and then moves the focus to the search box; keys typed during that hand-over
  // were lost (the "typing does not filter"), and the search box's value follows
  // Dash's store a moment late. So the name typed is kept here, from the first key until
  // the list closes, and handed to the dropdown's search_value; keys on the closed button
  // still open the list the Dash way. Tab moves between the search box and the list
  // (Dash 4 traps it among the options, ~200 countries away from the search box).
  var typed = {};

  function dropdownOf(target) {
    var wrapper = target.closest && target.closest(".dash-dropdown-wrapper");
    var button = wrapper ? wrapper.querySelector("button.dash-dropdown") : null;
    return button && button.id ? button : null;
  }

  function searchOf(button) {
    return button.closest(".dash-dropdown-wrapper").querySelector("input.dash-dropdown-search");
  }

  function isTypedKey(event) {
    var plain = !event.ctrlKey && !event.metaKey && !event.altKey && !event.isComposing;
    return plain && event.key.length === 1;
  }

  function setSearch(button) {
    window.dash_clientside.set_props(button.id, { search_value: typed[button.id] || undefined });
  }

  document.addEventListener(
    "keydown",
    function (event) {
      var button = dropdownOf(event.target);
      if (!button || !window.dash_clientside.set_props) {
        return;
      }
      var search = searchOf(button);
      var inSearch = !!search && event.target === search;
      if (event.target === button) {
        // Closed: Dash opens the list on this key's keyup (and Dash's own name is replaced
        // by the one kept here, just after).
        if (isTypedKey(event) && event.key !== " ") {
          typed[button.id] = (typed[button.id] || "") + event.key;
        }
        return;
      }
      if (event.key === "Tab" && search && !inSearch) {
        event.preventDefault();
        event.stopPropagation();
        search.focus();
        return;
      }
      var key = isTypedKey(event) && (event.key !== " " || inSearch);
      var erase = event.key === "Backspace" && inSearch;
      if (!key && !erase) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      var before = typed[button.id] || "";
      typed[button.id] = erase ? before.slice(0, -1) : before + event.key;
      if (search && !inSearch) {
        search.focus();
      }
      setSearch(button);
    },
    true
  );

  document.addEventListener(
    "keyup",
    function (event) {
      var button = dropdownOf(event.target);
      if (button && event.target === button && isTypedKey(event) && event.key !== " ") {
        window.setTimeout(function () {
          setSearch(button);
        }, 0);
      }
    },
    true
  );

  // A list that closes forgets the name typed into it; so does its search's clear button.
  function forget(button) {
    if (button.getAttribute("aria-expanded") !== "true") {
      delete typed[button.id];
    }
  }

  document.addEventListener(
    "click",
    function (event) {
      var clear = event.target.closest && event.target.closest(".dash-dropdown-clear");
      var inSearch = clear && clear.closest(".dash-dropdown-search-container");
      var button = inSearch ? dropdownOf(clear) : null;
      if (button) {
        delete typed[button.id];
      }
    },
    true
  );

  // File inputs of drop zones are named by the zone's words ("Drag and drop files here, or
  // choose files"), and the zone shows the focus ring when its input has the focus.
  function fileInputs(root) {
    root.querySelectorAll(".dropzone input[type=file]:not([aria-label])").forEach(function (input) {
      var zone = input.closest(".dropzone");
      input.setAttribute("aria-label", zone.textContent.replace(/\s+/g, " ").trim());
    });
  }

  // The Filters button opens and closes the page's controls on a small screen (app.css).
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest(".filters-toggle");
    if (toggle) {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
    }
  });

  // Charts on a small screen: SVG text does not wrap, so a chart drops its title and the
  // notes under it (the page shows them as text around it) and takes their room; the
  // layouts for either width come with the figure, in layout.meta (ui.for_small_screens).
  function fitChart(plot) {
    var meta = plot.layout && plot.layout.meta;
    if (!meta || !meta.narrow || !window.Plotly) {
      return;
    }
    var want = SMALL.matches ? "narrow" : "wide";
    // A new figure from Dash brings a new layout object, drawn wide.
    if (plot._figuresLayout !== plot.layout) {
      plot._figuresLayout = plot.layout;
      plot._figuresFit = "wide";
    }
    if (plot._figuresFit !== want) {
      plot._figuresFit = want;
      window.Plotly.relayout(plot, meta[want]);
    }
  }

  function charts(root) {
    root.querySelectorAll(".js-plotly-plot").forEach(function (plot) {
      if (!plot._figuresWatched && typeof plot.on === "function") {
        plot._figuresWatched = true;
        plot.on("plotly_afterplot", function () {
          fitChart(plot);
        });
        fitChart(plot);
      }
    });
  }

  // A figure in the table under a chart, chosen by Enter (or a click or tap), shows that
  // point's provenance: the same as clicking the point, since the page's provenance
  // callback listens to the graph's clickData. A table row is a chart category (a line's
  // period, a bar's label); each column names its line in its colDef context (ui.chart_rows).
  function category(trace, index) {
    var keys = [
      trace.customdata && trace.customdata[index] ? trace.customdata[index][0] : undefined,
      trace.x && trace.x[index],
      trace.y && trace.y[index],
      trace.labels && trace.labels[index],
    ];
    return keys.map(String);
  }

  function pointOf(data, series, wanted) {
    for (var curve = 0; curve < data.length; curve += 1) {
      var trace = data[curve];
      if (trace.name !== series && data.length > 1) {
        continue;
      }
      var count = trace.customdata ? trace.customdata.length : 0;
      for (var index = 0; index < count; index += 1) {
        if (category(trace, index).indexOf(String(wanted)) !== -1) {
          return { curveNumber: curve, pointNumber: index, customdata: trace.customdata[index] };
        }
      }
    }
    return null;
  }

  function choosePoint(event) {
    var box = event.target.closest && event.target.closest(".chart-table");
    if (!box || !event.target.closest(".ag-cell") || !window.dash_ag_grid) {
      return;
    }
    var page = box.id.replace(/-table-box$/, "");
    var api = window.dash_ag_grid.getApi(page + "-table");
    var graph = document.getElementById(page + "-graph");
    var plot = graph ? graph.querySelector(".js-plotly-plot") : null;
    var cell = api ? api.getFocusedCell() : null;
    if (!cell || !plot || !plot.data || !window.dash_clientside.set_props) {
      return;
    }
    var row = api.getDisplayedRowAtIndex(cell.rowIndex);
    var context = cell.column.getColDef().context || {};
    var first = api.getColumnDefs().filter(function (def) {
      return def.context && def.context.category;
    })[0];
    if (!row || !first || !context.series) {
      return;
    }
    var point = pointOf(plot.data, context.series, row.data[first.field]);
    if (point) {
      window.dash_clientside.set_props(page + "-graph", { clickData: { points: [point] } });
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      choosePoint(event);
    }
  });
  document.addEventListener("click", choosePoint);

  // The table under a chart is folded in a <details> (ui.chart_table). Chromium folds a
  // <details> with content-visibility: hidden, which keeps the folded grid styled and laid
  // out on demand, so AG Grid goes on measuring and restyling it; after quick filter changes
  // through an empty table (no rows, no columns) Chromium can keep the empty table's styles
  // for good, and the opened table stays blank or "No Rows To Show" while the chart shows
  // the figures. So a folded grid is taken out of the layout (hidden: display none), and
  // AG Grid draws it afresh, at its size, when its table is opened.
  function foldTable(details) {
    Array.prototype.forEach.call(details.children, function (child) {
      if (child.tagName !== "SUMMARY" && child.hidden === details.open) {
        child.hidden = !details.open;
      }
    });
  }

  function foldTables(root) {
    root.querySelectorAll("details.chart-table").forEach(foldTable);
  }

  // "toggle" does not bubble: caught on its way down.
  document.addEventListener(
    "toggle",
    function (event) {
      if (event.target.matches && event.target.matches("details.chart-table")) {
        foldTable(event.target);
      }
    },
    true
  );

  function fix(root) {
    plainOptions(root);
    dropdowns(root);
    fileInputs(root);
    charts(root);
    foldTables(root);
  }

  function start() {
    fix(document);
    new MutationObserver(function (changes) {
      var added = false;
      changes.forEach(function (change) {
        if (change.type === "attributes") {
          if (change.target.matches(OPTION)) {
            plainOption(change.target);
          } else if (change.target.matches("button.dash-dropdown")) {
            forget(change.target);
          }
        } else if (change.addedNodes.length) {
          added = true;
        }
      });
      if (added) {
        fix(document);
      }
    }).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-selected", "aria-expanded"],
    });
    SMALL.addEventListener("change", function () {
      document.querySelectorAll(".js-plotly-plot").forEach(fitChart);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
