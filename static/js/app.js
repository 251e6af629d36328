// Small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  function announce(text) {
    var status = document.getElementById("live-status");
    if (status) status.textContent = text;
  }

  // Copy buttons: shown only when the Clipboard API exists.
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) return;
    var field = document.getElementById(button.dataset.copy);
    navigator.clipboard.writeText(field.value).then(function () {
      announce("Token copied to the clipboard.");
    });
  });

  // Token expiry preview: the date N days from now in the profile zone.
  function showExpiry(input) {
    var out = document.getElementById(input.dataset.expiryPreview);
    var days = Number(input.value);
    if (input.value === "") { out.textContent = "This token will never expire."; return; }
    if (!Number.isInteger(days) || days < 1 || days > 365) { out.textContent = ""; return; }
    var at = new Date(Date.now() + days * 86400000);
    // dateStyle cannot be combined with timeZoneName, hence the parts.
    var fmt = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric",
      hour: "2-digit", minute: "2-digit", timeZone: input.dataset.timezone, timeZoneName: "short" });
    out.textContent = "Expires " + fmt.format(at) + ".";
  }
  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("[data-expiry-preview]")) showExpiry(e.target);
  });

  // Token scopes: the boxes only count with custom scopes, so they are
  // disabled while "all scopes" is chosen.
  function showScopes(form) {
    var custom = form.querySelector("input[name=scope_mode][value=custom]");
    form.querySelectorAll("fieldset.scope-group").forEach(function (set) {
      set.disabled = !custom.checked;
    });
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("input[name=scope_mode]")) showScopes(e.target.form);
  });

  // Timezone banner: ask the server whether the browser's zone differs.
  function initBanner() {
    var slot = document.getElementById("tz-banner");
    if (!slot || !window.Intl) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    var url = slot.dataset.bannerUrl + "?browser=" + encodeURIComponent(zone) +
      "&return_to=" + encodeURIComponent(location.pathname + location.search);
    fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { return r.status === 200 ? r.text() : ""; })
      .then(function (html) {
        // The state tells tests (and stylesheets) that the answer is in.
        slot.dataset.bannerState = html ? "shown" : "none";
        if (!html) return;
        slot.innerHTML = html;
        if (window.htmx) htmx.process(slot);
      })
      .catch(function () { slot.dataset.bannerState = "failed"; });
  }

  // Inline edits: Escape in an open form cancels it, as its Cancel link
  // does. htmx moves focus itself, to the autofocus element it swaps in.
  // The user menu closes on Escape, as menus do, with the keyboard back
  // on the control that opened it.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !e.target.closest) return;
    var form = e.target.closest("form[data-inline-edit]");
    var cancel = form && form.querySelector("[data-cancel]");
    if (cancel) { e.preventDefault(); cancel.click(); return; }
    var menu = e.target.closest("details.user-menu[open]");
    if (menu) { menu.open = false; menu.querySelector("summary").focus(); }
  });

  // An open user menu closes once the focus or a click goes elsewhere, so
  // that it does not hide the page from someone tabbing on.
  function closeMenusOutside(e) {
    document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
      if (!menu.contains(e.target)) menu.open = false;
    });
  }
  document.addEventListener("focusin", closeMenusOutside);
  document.addEventListener("click", closeMenusOutside);

  // What the listeners above only keep up to date is set up for each
  // page and each swapped-in fragment: the copy buttons shown, the expiry
  // and scopes as the form holds them, and the controls only browsers
  // without JavaScript need (such as the button that asks the server for
  // the expiry date) hidden. htmx moves the focus itself, to the
  // autofocus element of what it swaps in.
  function init(root) {
    if (navigator.clipboard) {
      root.querySelectorAll("[data-copy]").forEach(function (b) { b.hidden = false; });
    }
    root.querySelectorAll("[data-expiry-preview]").forEach(showExpiry);
    root.querySelectorAll("form input[name=scope_mode][value=custom]").forEach(function (r) {
      showScopes(r.form);
    });
    root.querySelectorAll("[data-without-js]").forEach(function (el) { el.hidden = true; });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); initBanner(); });
  document.addEventListener("htmx:after:swap", function () { init(document); });
})();
