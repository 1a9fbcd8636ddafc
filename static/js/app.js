// Small progressive enhancements; every page works without this file.

// Irreversible actions ask first: a submit button (or its form) with data-confirm. Asked when the
// form is really submitted (after the browser's own checks of required fields), whether by a click
// or by Enter. Without script the form is sent at once (the server still checks every action).
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// A form marked data-unsaved (the reply editor) warns before the page is left with text typed
// since the last save; saving (the button or the autosave) clears the warning.
document.querySelectorAll("form[data-unsaved]").forEach((form) => {
  form.dataset.dirty = "";
  form.addEventListener("input", () => { form.dataset.dirty = "1"; });
  form.addEventListener("submit", (event) => { if (!event.defaultPrevented) form.dataset.dirty = ""; });
  form.addEventListener("saved", () => { form.dataset.dirty = ""; });
  window.addEventListener("beforeunload", (event) => {
    if (!form.dataset.dirty) return;
    event.preventDefault();
    event.returnValue = form.dataset.unsaved;  // older browsers show it; newer ones their own words
  });
});

// The assign screen: add another bureau row from the template row.
document.addEventListener("click", (event) => {
  const add = event.target.closest("[data-add-row]");
  if (!add) return;
  event.preventDefault();
  const table = document.getElementById(add.dataset.addRow);
  const rows = table.querySelectorAll("tbody tr");
  const clone = rows[rows.length - 1].cloneNode(true);
  const index = rows.length;
  clone.querySelectorAll("select, input").forEach((el) => {
    el.name = el.name.replace(/-\d+-/, `-${index}-`);
    el.id = el.id.replace(/-\d+-/, `-${index}-`);
    if (el.tagName === "SELECT") el.selectedIndex = 0;
  });
  table.querySelector("tbody").appendChild(clone);
});

// Draft editor: save a few seconds after typing stops, through the same version check as the
// Save button; the new version goes back into the form so the next save is not refused.
document.querySelectorAll("form[data-autosave-url]").forEach((form) => {
  const status = form.querySelector("[data-autosave-status]");
  let timer = null;
  let stale = false;
  const save = async () => {
    if (stale) return;
    const response = await fetch(form.dataset.autosaveUrl, { method: "POST", body: new FormData(form) });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      form.querySelector("input[name=version]").value = answer.version;
      form.dispatchEvent(new Event("saved"));
      status.dataset.state = "saved";
      status.textContent = `${status.dataset.saved} ${new Date(answer.saved_at).toLocaleTimeString()}`;
    } else if (response.status === 412) {
      stale = true;
      status.dataset.state = "stale";
      status.textContent = status.dataset.stale;
    } else {
      status.textContent = `${status.dataset.failed} ${(answer.error && answer.error.message) || response.status}`;
    }
  };
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(save, 3000);
  });
});

// The reply editor: a textarea marked data-rich becomes a small rich-text editor. The HTML goes
// back into the textarea on submit; the server sanitizes it. Without script the textarea stays.
document.querySelectorAll("textarea[data-rich]").forEach((source) => {
  const editor = document.createElement("div");
  editor.className = "rich-editor";
  editor.contentEditable = "true";
  editor.setAttribute("role", "textbox");
  editor.setAttribute("aria-multiline", "true");
  editor.setAttribute("aria-labelledby", `${source.id}-label`);
  editor.dataset.testid = "rich-editor";
  const label = document.querySelector(`label[for="${source.id}"]`);
  if (label) label.id = `${source.id}-label`;
  const value = source.value.trim();
  editor.innerHTML = /<[a-z][\s\S]*>/i.test(value) ? value : value.split(/\n+/).filter(Boolean)
    .map((line) => `<p>${line.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`).join("");
  const toolbar = document.createElement("div");
  toolbar.className = "rich-toolbar";
  const commands = [["bold", "B"], ["italic", "I"], ["underline", "U"], ["insertOrderedList", "1."], ["insertUnorderedList", "•"]];
  commands.forEach(([command, text]) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    // The tooltip in the page's language, from the textarea (data-label-bold, …); never the command.
    const key = `label${command.charAt(0).toUpperCase()}${command.slice(1)}`;
    button.title = source.dataset[key] || "";
    button.setAttribute("aria-label", button.title || text);
    button.addEventListener("click", () => { editor.focus(); document.execCommand(command); });
    toolbar.appendChild(button);
  });
  source.hidden = true;
  source.classList.add("rich-source");
  source.after(toolbar, editor);
  document.execCommand("defaultParagraphSeparator", false, "p");
  source.form.addEventListener("submit", () => { source.value = editor.innerHTML; });
});

// The reply editor: the reason for not publishing matters only when the reply is not public.
document.querySelectorAll("input[name=disclosure]").forEach((radio) => {
  const reason = document.getElementById("disclosure_reason");
  const field = reason && reason.closest(".field");
  if (!field) return;
  const sync = () => {
    const chosen = document.querySelector("input[name=disclosure]:checked");
    field.hidden = !chosen || chosen.value !== "not_public";
  };
  radio.addEventListener("change", sync);
  sync();
});

// Draft editor: similar proposals and the pre-check beside the text, refreshed a moment after
// typing stops. The server renders the aside (the same as the Check button's page).
document.querySelectorAll("form[data-assist-url]").forEach((form) => {
  const target = document.getElementById(form.dataset.assistTarget);
  if (!target) return;
  let timer = null;
  let asked = 0;
  const refresh = async () => {
    const mine = ++asked;
    const response = await fetch(form.dataset.assistUrl, { method: "POST", body: new FormData(form) });
    if (response.ok && mine === asked) target.innerHTML = await response.text();
  };
  form.addEventListener("input", (event) => {
    if (!["title", "body"].includes(event.target.name)) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 1200);
  });
});
