// A long choice list (107 units) gets a search box: <select data-filter="placeholder text">.
// Typing hides the options whose text does not contain what was typed; the chosen option
// always stays.
document.querySelectorAll("select[data-filter]").forEach((select) => {
  const box = document.createElement("input");
  box.type = "search";
  box.className = "form-control form-control-sm mb-1";
  box.placeholder = select.dataset.filter;
  box.setAttribute("aria-label", select.dataset.filter);
  box.dataset.testid = "filter-" + select.name;
  select.before(box);
  box.addEventListener("input", () => {
    const wanted = box.value.trim().toLowerCase();
    for (const option of select.options) {
      const keep = !wanted || option.selected || option.text.toLowerCase().includes(wanted);
      option.hidden = !keep;
    }
  });
});
