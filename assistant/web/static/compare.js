// Markers in the Compare tab's table ("pa-cmp pa-cmp-c3": citation 3 of the table; "pa-cmp-r2":
// the closest passage of row 2). One document-level listener turns a click (or Enter / Space on
// the focused button) into a value of this hidden component and a click event, which Python
// answers with the source panel, as bridge.js does for the chat. The nonce makes every click new.
window.__paOpenCompared = (ref) => { props.value = ref + "#" + Date.now(); trigger("click"); };
if (!window.__paCompareListener) {
  window.__paCompareListener = true;
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("button.pa-cmp") : null;
    if (!target) return;
    const m = /\bpa-cmp-([cr])(\d+)\b/.exec(target.className);
    if (!m) return;
    event.preventDefault();
    event.stopPropagation();
    window.__paOpenCompared(m[1] + ":" + m[2]);
  }, true);
}
