// Keeps the address bar in step with a page's filters, without reloading the page.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  figures: {
    syncUrl: function (search) {
      if (search === undefined || search === null) {
        return window.dash_clientside.no_update;
      }
      // The page's language, when its address names one, stays in the address: a copied
      // link opens in the same language.
      var shown = search;
      var lang = new URLSearchParams(window.location.search).get("lang");
      if (lang) {
        var params = new URLSearchParams(search || "");
        params.set("lang", lang);
        shown = params.toString();
      }
      var wanted = shown ? "?" + shown : "";
      if (window.location.search !== wanted) {
        window.history.replaceState(null, "", window.location.pathname + wanted);
      }
      return search;
    },
  },
});

// A chart's image downloads follow the page's filters: the same query string, another format.
window.dash_clientside.figures.imageLinks = function (search, linkId) {
  if (search === undefined || search === null) {
    return [window.dash_clientside.no_update, window.dash_clientside.no_update,
      window.dash_clientside.no_update];
  }
  var page = String(linkId).split("-export-")[0];
  var tail = (search ? search + "&" : "") + "page=" + page;
  return ["png", "svg", "pdf"].map(function (fmt) { return "/export." + fmt + "?" + tail; });
};

// The Data grid fetches rows from the server; when a menu changes, drop its cached
// blocks so it asks again with the new filters.
window.dash_clientside.figures.refreshGrid = function () {
  if (window.dash_ag_grid && window.dash_ag_grid.getApiAsync) {
    window.dash_ag_grid.getApiAsync("data-grid").then(function (api) {
      api.purgeInfiniteCache();
    });
  }
  return Date.now();
};

// The Upload page's dropzone refuses a file over the size limit before sending it; say so,
// with the file's name and size, instead of dropping it silently.
(function () {
  function tooLarge(files, area) {
    var limit = Number(area.getAttribute("data-max-bytes"));
    var label = area.getAttribute("data-max-label");
    var big = Array.prototype.filter.call(files || [], function (file) {
      return file.size > limit;
    });
    return big.map(function (file) {
      var mb = (file.size / 1048576).toFixed(1);
      return file.name + " is " + mb + " MB: files up to " + label +
        " can be checked (an administrator can raise FIGURES_MAX_UPLOAD_MB).";
    });
  }
  function report(event) {
    var area = event.target.closest && event.target.closest("#upload-area");
    var message = document.getElementById("upload-size-message");
    if (!area || !message) {
      return;
    }
    var files = event.type === "drop" ? event.dataTransfer.files : event.target.files;
    message.textContent = tooLarge(files, area).join(" ");
  }
  document.addEventListener("change", report, true);
  document.addEventListener("drop", report, true);
})();

// A download that takes over a second (the whole ledger as Excel, a chart image, a brief)
// says so until it arrives: the server sets the figures_download cookie on every download.
(function () {
  // The cookie is cleared at the click and set again by the answer: no clocks compared.
  function arrived() {
    return /(?:^|;\s*)figures_download=\d+/.test(document.cookie);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest
      ? event.target.closest('a[href^="/export."], a[href^="/brief.pdf"]')
      : null;
    var status = document.getElementById("download-status");
    if (!link || !status) {
      return;
    }
    document.cookie = "figures_download=; max-age=0; path=/; SameSite=Strict";
    var started = Date.now();
    var name = link.textContent.trim();
    var shown = false;
    var timer = window.setInterval(function () {
      var waited = Date.now() - started;
      if (arrived() || waited > 180000) {
        window.clearInterval(timer);
        status.textContent = shown ? "Download ready: " + name + "." : "";
        if (shown) {
          window.setTimeout(function () { status.textContent = ""; }, 4000);
        }
      } else if (!shown && waited > 1000) {
        shown = true;
        status.textContent = "Preparing the download (" + name + ") ...";
      }
    }, 250);
  });
})();
