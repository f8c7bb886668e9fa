// Ask before an irreversible step. A form, or the button that submits it, carries
// data-confirm="what will happen"; the step goes ahead only when the person agrees.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const text = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (text && !window.confirm(text)) {
    event.preventDefault();
  }
});
