// Live updates: the server sends the store's generation (its highest
// article number) over /api/events when it changes; a page opened before a
// change shows a notice with a link that reloads it.
(() => {
  if (!window.EventSource) return;
  let first = null;
  const events = new EventSource('/api/events');
  events.addEventListener('store', (e) => {
    const generation = Number(e.data);
    if (first === null) first = generation;
    else if (generation !== first) document.getElementById('live').hidden = false;
  });
})();
