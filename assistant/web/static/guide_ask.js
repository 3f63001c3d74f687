// Suggested questions of the Guide tab ("pa-gq pa-gq-1": question 1 of the guide shown). A click
// (or Enter / Space) becomes a value of this hidden component and a click event; Python puts the
// question into the chat's box, selects the Chat tab, and the chat answers it as if it was typed.
window.__paAskGuideQuestion = (ref) => { props.value = ref + "#" + Date.now(); trigger("click"); };
if (!window.__paGuideAskListener) {
  window.__paGuideAskListener = true;
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("button.pa-gq") : null;
    if (!target) return;
    const m = /\bpa-gq-(\d+)\b/.exec(target.className);
    if (!m) return;
    event.preventDefault();
    event.stopPropagation();
    window.__paAskGuideQuestion("q:" + m[1]);
  }, true);
}
