// Small progressive enhancements; every page works without this file.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
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
