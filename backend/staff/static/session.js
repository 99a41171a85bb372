// The warning before the staff session ends (WCAG 2.2.1 "Timing Adjustable"): two minutes before, the box
// #session-warning (base.html) appears, takes the focus and offers "Angemeldet bleiben", which extends the
// session without leaving the page (unsaved input stays). The server tells the seconds left (data-seconds), so
// the browser's clock does not matter; the time is checked every few seconds, so a computer that slept
// still warns or says the session has ended.
(function () {
  "use strict";

  var WARN_SECONDS = 120;
  var CHECK_MS = 5000;

  var box = document.getElementById("session-warning");
  if (!box) { return; }
  var text = document.getElementById("session-warning-text");
  var form = box.querySelector("form");
  var button = document.getElementById("session-extend");
  var deadline = Date.now() + parseInt(box.dataset.seconds, 10) * 1000;
  var before = null;  // what had the focus before the warning took it
  var ended = false;
  var dismissed = false;  // closed with Escape: not shown again until the session has ended

  function minutes(left) {
    var count = Math.max(1, Math.ceil(left / 60000));
    return count === 1 ? "einer Minute" : count + " Minuten";
  }

  function warn(left) {
    text.textContent = "Ihre Sitzung endet in " + minutes(left) + ". Danach müssen Sie sich neu anmelden; " +
      "nicht gespeicherte Eingaben gehen verloren.";
    if (box.hidden) {
      before = document.activeElement;
      box.hidden = false;
      button.focus();
    }
  }

  function end() {
    ended = true;
    text.textContent = "Ihre Sitzung ist beendet. Bitte melden Sie sich neu an.";
    var link = document.createElement("a");
    link.href = "/staff/login?next=" + encodeURIComponent(window.location.pathname + window.location.search);
    link.textContent = "Neu anmelden";
    form.replaceWith(link);
    box.hidden = false;
    link.focus();
  }

  function close() {
    box.hidden = true;
    if (before && document.contains(before)) { before.focus(); }
    before = null;
  }

  function check() {
    if (ended) { return; }
    var left = deadline - Date.now();
    if (left <= 0) {
      end();
    } else if (left <= WARN_SECONDS * 1000 && !dismissed) {
      warn(left);
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST", credentials: "same-origin", headers: { "Accept": "application/json" },
      body: new URLSearchParams(new FormData(form))
    }).then(function (response) {
      if (response.status === 401) { end(); return null; }
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (answer) {
      if (!answer) { return; }
      deadline = Date.now() + answer.seconds * 1000;
      dismissed = false;
      close();
    }).catch(function () { form.submit(); });  // the plain form: extends and reloads the page
  });

  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !ended) {
      dismissed = true;
      close();
    }
  });

  setInterval(check, CHECK_MS);
  check();
})();
