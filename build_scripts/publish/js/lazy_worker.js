// The search worker, started when the first message is sent to it (theme_patches.py,
// `worker-starts-when-search-opens`): the theme made it as every page loaded, and the browser fetched
// its script (40 KB) for a page whose reader never searches. This stands in for the Worker: it
// keeps the listeners the theme adds, and on the first message (the index, sent when the search
// opens) makes the Worker, hands it the listeners, and passes the message on.
// url: the worker's script, as the theme gives it to `new Worker`.
(url) => {
  let worker = null;
  const listeners = [];
  const start = () => {
    if (worker === null) {
      worker = new Worker(url);
      for (const [type, listener, options] of listeners) worker.addEventListener(type, listener, options);
    }
    return worker;
  };
  return {
    addEventListener(type, listener, options) {
      listeners.push([type, listener, options]);
      if (worker !== null) worker.addEventListener(type, listener, options);
    },
    removeEventListener(type, listener, options) {
      const at = listeners.findIndex(([t, l]) => t === type && l === listener);
      if (at >= 0) listeners.splice(at, 1);
      if (worker !== null) worker.removeEventListener(type, listener, options);
    },
    postMessage(message) {
      start().postMessage(message);
    },
  };
}
