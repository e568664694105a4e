// Opportune's own glue. htmx does the rest; no inline scripts (the CSP forbids them).
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  if (status === 403 || status === 404 || status >= 500) {
    window.alert(document.body.dataset.errorMessage + " (" + status + ")");
  }
});
