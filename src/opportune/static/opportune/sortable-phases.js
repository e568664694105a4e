// Drag-and-drop glue for the phase list of the project settings (SortableJS + htmx).
// The arrow buttons next to each phase are the keyboard's way to reorder; this adds the mouse's.
// After a drop the server answers the phase list in its saved order: if another admin changed
// the phases meanwhile, that answer undoes the drag on screen and says why.
(function () {
  "use strict";

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function wire(list) {
    if (list.dataset.sortableReady || typeof Sortable === "undefined") {
      return;
    }
    list.dataset.sortableReady = "1";
    Sortable.create(list, {
      handle: ".drag-handle",
      draggable: "tr[data-phase-id]",
      animation: 150,
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) {
          return;
        }
        const order = Array.from(list.querySelectorAll("tr[data-phase-id]"), function (row) {
          return row.dataset.phaseId;
        });
        htmx.ajax("POST", list.dataset.reorderUrl, {
          source: list,
          target: "#phase-region",
          swap: "outerHTML",
          values: { order: order.join(",") },
          headers: { "X-CSRFToken": csrfToken() },
        });
      },
    });
  }

  htmx.onLoad(function (root) {
    if (root.matches && root.matches("[data-reorder-url]")) {
      wire(root);
    }
    if (root.querySelectorAll) {
      root.querySelectorAll("[data-reorder-url]").forEach(wire);
    }
  });
})();
