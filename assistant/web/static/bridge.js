// Citation markers live inside the Chatbot, whose sanitiser keeps classes but drops data-*
// attributes: "pa-cite pa-t3-m1" is source [1] of answer 4 (turns count from 0), "pa-rel"
// a related passage of a refusal. One document-level listener turns a click (or Enter /
// Space on the focused button) into a value of this hidden component and a click event,
// which Python answers with the source panel. The nonce makes every click a new value.
window.__paOpenSource = (ref) => { props.value = ref + "#" + Date.now(); trigger("click"); };
if (!window.__paSourceListener) {
  window.__paSourceListener = true;
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("button.pa-cite, button.pa-rel") : null;
    if (!target) return;
    const m = /\bpa-t(\d+)-m(\d+)\b/.exec(target.className);
    if (!m) return;
    event.preventDefault();
    event.stopPropagation();
    window.__paOpenSource((target.classList.contains("pa-rel") ? "rel" : "cite") + ":" + m[1] + ":" + m[2]);
  }, true);
}
