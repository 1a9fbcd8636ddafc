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
