// Keeps the address bar in step with a page's filters, without reloading the page.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  figures: {
    syncUrl: function (search) {
      if (search === undefined || search === null) {
        return window.dash_clientside.no_update;
      }
      var wanted = search ? "?" + search : "";
      if (window.location.search !== wanted) {
        window.history.replaceState(null, "", window.location.pathname + wanted);
      }
      return search;
    },
  },
});

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
