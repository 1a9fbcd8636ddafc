// Phone width (issue 12): each table cell carries its column's name, which static/css/phone.css
// shows above the cell when a list turns into cards. Cells that name themselves keep theirs.
document.querySelectorAll("table").forEach((table) => {
  const heads = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
  if (!heads.length) return;
  table.querySelectorAll("tbody tr").forEach((row) => {
    Array.from(row.children).forEach((cell, i) => {
      if (!cell.hasAttribute("data-label") && heads[i]) cell.setAttribute("data-label", heads[i]);
    });
  });
});
