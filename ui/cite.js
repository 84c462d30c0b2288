// js_on_load of the hidden #nr-cite-bridge: a click on any citation card (cards of later answers
// included) becomes this component's value and an "input" event; Python opens the article.
document.addEventListener("click", (event) => {
  const card = event.target.closest && event.target.closest("button.nr-card[data-cite]");
  if (!card) return;
  event.preventDefault();
  document.querySelectorAll("button.nr-card.nr-active").forEach((c) => c.classList.remove("nr-active"));
  card.classList.add("nr-active");
  props.value = card.dataset.cite + "#" + Date.now();  // a new value even when clicked twice
  trigger("input");
  const panel = document.querySelector("#nr-tabs");
  if (panel && window.matchMedia("(max-width: 900px)").matches) {
    setTimeout(() => panel.scrollIntoView({ behavior: "smooth", block: "start" }), 150);
  }
});
