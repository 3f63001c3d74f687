// The source panel. Opening "Show the whole document at this place" scrolls the document
// box (not the page) so the marked quote sits in its upper third. A newly shown source gets
// the focus (its heading), so keyboard and screen-reader users land on it, and on a phone,
// where the panel sits below the chat, it scrolls into view.
element.addEventListener("toggle", (event) => {
  const details = event.target;
  if (!(details instanceof HTMLDetailsElement) || !details.open || !details.classList.contains("pa-doc")) return;
  const box = details.querySelector(".pa-docbox");
  const mark = details.querySelector("#pa-doc-mark");
  if (box && mark) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
}, true);
watch("value", () => {
  const heading = element.querySelector(".pa-source-title");
  if (heading) heading.focus({ preventScroll: false });
});
