// Buttons of the Guide tab that open a source ("pa-gd pa-gd-s0": summary sentence 0; "pa-gd-f3":
// key figure 3; "pa-gd-o2": section 2 of the outline). One document-level listener turns a click
// (or Enter / Space on the focused button) into a value of this hidden component and a click
// event, which Python answers with the source panel, as compare.js does for the Compare tab.
window.__paOpenGuideSource = (ref) => { props.value = ref + "#" + Date.now(); trigger("click"); };
if (!window.__paGuideListener) {
  window.__paGuideListener = true;
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("button.pa-gd") : null;
    if (!target) return;
    const m = /\bpa-gd-([sfo])(\d+)\b/.exec(target.className);
    if (!m) return;
    event.preventDefault();
    event.stopPropagation();
    window.__paOpenGuideSource(m[1] + ":" + m[2]);
  }, true);
}
