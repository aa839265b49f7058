/* /chain: the chain diagram's SVG (chainmap/render/diagram_svg.py) drawn into #chain-graph, made
 * interactive (layouts/chain.py, layouts/_chain_view.py).
 *
 * The markup is parsed as XML (DOMParser "image/svg+xml": no script runs in it) and only the
 * SVG elements the drawing uses are kept, without event-handler, style or link attributes;
 * every text from the data is set as text. A click (or Enter / Space on a focused box) sets
 * ?node= in the URL through the page's dcc.Location ("url"), which draws the node's panel.
 */
(function () {
  "use strict";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const ELEMENTS = new Set(["svg", "g", "rect", "path", "text", "tspan", "title", "defs",
                            "marker"]);
  const MIN_SCALE = 0.7;  // below this the drawing keeps this size and the pane scrolls
  const MAX_SCALE = 1.2;
  const FIT_KEY = "chainmap.chainFit";  // "1": the whole chain shrunk to the pane (#chain-fit)

  function clean(el) {
    Array.from(el.children).forEach(function (child) {
      if (child.namespaceURI !== SVG_NS || !ELEMENTS.has(child.localName)) {
        child.remove();
      } else {
        clean(child);
      }
    });
    Array.from(el.attributes).forEach(function (attr) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") || name === "style" || name.endsWith("href")) {
        el.removeAttribute(attr.name);
      }
    });
  }

  function parse(markup) {
    const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
    const root = doc.documentElement;
    if (!root || root.namespaceURI !== SVG_NS || root.localName !== "svg"
        || doc.getElementsByTagName("parsererror").length) {
      return null;
    }
    clean(root);
    return document.importNode(root, true);
  }

  function prepare(svg) {
    const width = parseFloat(svg.getAttribute("width")) || 960;
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.style.width = "100%";
    svg.style.height = "auto";
    svg.chainMinWidth = Math.round(width * MIN_SCALE) + "px";
    svg.style.maxWidth = Math.round(width * MAX_SCALE) + "px";
    svg.setAttribute("role", "group");
    const title = svg.querySelector(":scope > title");
    if (title) { title.remove(); }  // the page names the chain; no tooltip over the whole
    svg.querySelectorAll("g.node[data-node]").forEach(function (g) {
      const tip = g.querySelector(":scope > title");
      g.chainTip = tip ? tip.textContent : "";
      if (tip) { tip.remove(); }  // the page's own tooltip instead of the browser's
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", g.chainTip.split("\n").slice(0, 2).join(" · "));
    });
  }

  function tipOf(host) {
    let tip = host.querySelector(":scope > .chain-tip");
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "chain-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      host.appendChild(tip);
    }
    return tip;
  }

  function showTip(host, g, x, y) {
    const tip = tipOf(host);
    tip.textContent = g.chainTip || "";
    tip.hidden = !g.chainTip;
    const w = tip.offsetWidth, h = tip.offsetHeight;
    const left = x + 14 + w > window.innerWidth - 8 ? x - 14 - w : x + 14;
    const top = y + 16 + h > window.innerHeight - 8 ? Math.max(8, y - 12 - h) : y + 16;
    tip.style.left = Math.max(8, left) + "px";
    tip.style.top = top + "px";
  }

  function hideTip(host) {
    const tip = host.querySelector(":scope > .chain-tip");
    if (tip) { tip.hidden = true; }
  }

  function select(host, id) {
    host.querySelectorAll("g.node[data-node]").forEach(function (g) {
      const on = g.getAttribute("data-node") === id;
      g.classList.toggle("selected", on);
      g.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function open(host, id) {
    select(host, id);
    const params = new URLSearchParams(window.location.search);
    if (params.get("node") === id) { return; }
    params.set("node", id);
    const search = "?" + params.toString();
    const dc = window.dash_clientside;
    if (dc && dc.set_props) {
      dc.set_props("url", {search: search});
    } else {
      window.history.pushState({}, "", window.location.pathname + search);
      window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    }
  }

  function fitted() {
    try { return window.sessionStorage.getItem(FIT_KEY) === "1"; } catch (e) { return false; }
  }

  // the drawing at a readable size (the pane scrolls sideways when it is wider) or, after
  // #chain-fit, the whole chain in the pane; the button shows only where that differs
  function applyFit(host) {
    const svg = host && host.querySelector(":scope > svg");
    if (!svg) { return; }
    const fit = fitted();
    svg.style.minWidth = fit ? "0" : svg.chainMinWidth;
    const button = document.getElementById("chain-fit");
    if (button) {
      button.setAttribute("aria-pressed", fit ? "true" : "false");
      button.hidden = !fit && host.scrollWidth <= host.clientWidth + 1;
    }
  }

  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest("#chain-fit")) { return; }
    try { window.sessionStorage.setItem(FIT_KEY, fitted() ? "0" : "1"); } catch (err) { /* */ }
    applyFit(document.getElementById("chain-graph"));
  });
  window.addEventListener("resize", function () {
    applyFit(document.getElementById("chain-graph"));
  });

  function nodeAt(target) {
    return target && target.closest ? target.closest("g.node[data-node]") : null;
  }

  function bind(host) {
    if (host.chainBound) { return; }
    host.chainBound = true;
    host.addEventListener("click", function (e) {
      const g = nodeAt(e.target);
      if (g) { open(host, g.getAttribute("data-node")); }
    });
    host.addEventListener("keydown", function (e) {
      const g = nodeAt(e.target);
      if (g && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        open(host, g.getAttribute("data-node"));
      }
    });
    host.addEventListener("mousemove", function (e) {
      const g = nodeAt(e.target);
      if (g) { showTip(host, g, e.clientX, e.clientY); } else { hideTip(host); }
    });
    host.addEventListener("mouseleave", function () { hideTip(host); });
    host.addEventListener("focusin", function (e) {
      const g = nodeAt(e.target);
      if (g) {
        const r = g.getBoundingClientRect();
        showTip(host, g, r.left + r.width / 2, r.bottom);
      }
    });
    host.addEventListener("focusout", function () { hideTip(host); });
    host.addEventListener("scroll", function () { hideTip(host); });
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    chainmap_chain: {
      draw: function (markup, selected) {
        const host = document.getElementById("chain-graph");
        if (!host) { return window.dash_clientside.no_update; }
        if (typeof markup === "string" && host.chainMarkup !== markup) {
          host.replaceChildren();
          host.chainMarkup = markup;
          const svg = parse(markup);
          if (svg) {
            prepare(svg);
            host.appendChild(svg);
          }
          bind(host);
        }
        select(host, typeof selected === "string" ? selected : "");
        applyFit(host);
        return String(host.querySelectorAll("g.node[data-node]").length);
      }
    }
  });
}());
