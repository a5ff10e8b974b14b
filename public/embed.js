/* encours widget loader. Put this script where the calculator should
   appear; it inserts an iframe of the widget (served beside this file) and
   fits the frame's height to its content. Options are data- attributes:
   data-lang, data-currency, data-color, data-calculator (savings | dso |
   both), data-target (a CSS selector to insert into), and any input by its
   name (data-revenue, data-dso-current, ...). The frame is titled by the
   widget itself, in its language (or by data-title). Nothing else is
   loaded. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var base = script.src.replace(/public\/embed\.js(\?.*)?$/, '');
  var params = [];
  Object.keys(script.dataset).forEach(function (key) {
    if (key === 'target' || key === 'title') return;
    var name = key.replace(/[A-Z]/g, function (c) { return '_' + c.toLowerCase(); });
    params.push(encodeURIComponent(name) + '=' + encodeURIComponent(script.dataset[key]));
  });
  var frame = document.createElement('iframe');
  frame.src = base + 'widget/index.html' + (params.length ? '?' + params.join('&') : '');
  // Until the widget gives its own title: the product's name.
  frame.title = script.dataset.title || 'encours';
  frame.setAttribute('loading', 'lazy');
  frame.style.cssText = 'display:block;width:100%;border:0;height:600px;overflow:hidden;';
  frame.setAttribute('scrolling', 'no');
  var target = script.dataset.target && document.querySelector(script.dataset.target);
  if (target) target.appendChild(frame);
  else script.parentNode.insertBefore(frame, script);
  var origin = new URL(base, document.baseURI).origin;
  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== origin) return;
    var data = event.data;
    if (data && data.type === 'encours-widget:height' && typeof data.height === 'number') {
      frame.style.height = Math.ceil(data.height) + 'px';
      if (!script.dataset.title && typeof data.title === 'string' && data.title) frame.title = data.title;
    }
  });
})();
