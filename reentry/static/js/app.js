// The application's own behaviour. The Content-Security-Policy allows no inline script or
// event handler (docs/operations.md), so every behaviour is attached here.
"use strict";

// <select data-autosubmit>: choosing an option submits its form (the language switcher).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.requestSubmit();
  }
});
