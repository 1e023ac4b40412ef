// The web host's stand-in for the Electron preload: gives the page a `window.rapport` of the same
// shape, talking to the host over a WebSocket on 127.0.0.1 (authenticated by the host's cookie).
// Served by the web host only; never part of the packaged app.
(function () {
  'use strict';
  var pending = new Map();
  var listeners = new Set();
  var queue = [];
  var nextId = 1;
  var socket = null;

  function connect() {
    socket = new WebSocket('ws://' + location.host + '/__rapport/ws');
    socket.onopen = function () {
      var q = queue;
      queue = [];
      q.forEach(function (m) { socket.send(m); });
    };
    socket.onmessage = function (msg) {
      var data = JSON.parse(msg.data);
      if (data.event) {
        listeners.forEach(function (l) { l(data.event); });
      } else if (pending.has(data.id)) {
        pending.get(data.id)(data.result);
        pending.delete(data.id);
      }
    };
    socket.onclose = function () {
      pending.forEach(function (resolve) {
        resolve({ ok: false, error: { code: 'INTERNAL', message: 'The connection to Rapport was lost. Reload the page.' } });
      });
      pending.clear();
      socket = null;
    };
  }

  function send(text) {
    if (!socket) connect();
    if (socket.readyState === WebSocket.OPEN) socket.send(text);
    else queue.push(text);
  }

  var bridge = {
    platform: 'web',
    invoke: function (method, input) {
      var id = nextId++;
      return new Promise(function (resolve) {
        pending.set(id, resolve);
        send(JSON.stringify({ id: id, method: method, input: input }));
      });
    },
    onEvent: function (listener) {
      listeners.add(listener);
      if (!socket) connect();
      return function () { listeners.delete(listener); };
    },
  };
  Object.defineProperty(window, 'rapport', { value: Object.freeze(bridge), writable: false, configurable: false });
})();
