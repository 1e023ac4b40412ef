// The web host's stand-in for the Electron preload: gives the page a `window.rapport` of the same
// shape, talking to the host over a WebSocket on 127.0.0.1. The host's per-launch token arrives in
// the login URL's fragment (#token=…), which browsers never send to any server; it is kept in this
// origin's sessionStorage (so a reload, e.g. on lock, keeps working; origins include the port), taken
// out of the address bar, and presented as the WebSocket's first message. No cookie is involved.
// Served by the web host only; never part of the packaged app.
(function () {
  'use strict';
  var pending = new Map();
  var listeners = new Set();
  var queue = [];
  var nextId = 1;
  var socket = null;
  var KEY = 'rapport_token';

  function takeToken() {
    var match = /^#token=([A-Za-z0-9_-]+)$/.exec(location.hash);
    if (match) {
      sessionStorage.setItem(KEY, match[1]);
      history.replaceState(null, '', location.pathname + location.search);
    }
    return sessionStorage.getItem(KEY) || '';
  }
  var token = takeToken();

  function connect() {
    socket = new WebSocket('ws://' + location.host + '/__rapport/ws');
    socket.onopen = function () {
      socket.send(JSON.stringify({ auth: token }));
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
    socket.onclose = function (e) {
      var message = e.code === 4401
        ? 'This page has no access to Rapport: open the address the web host printed.'
        : 'The connection to Rapport was lost. Reload the page.';
      pending.forEach(function (resolve) {
        resolve({ ok: false, error: { code: 'INTERNAL', message: message } });
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
