/* The cluster page: turns the static drawing into a graph one can zoom, drag and click, from the
   nodes and links the page hands over in #cluster-graph-data. Without JavaScript (or without the
   graph library) the drawing and the lists stay as they are. */
(function () {
  "use strict";

  var data = document.getElementById("cluster-graph-data");
  var canvas = document.getElementById("cluster-canvas");
  if (!data || !canvas || typeof window.cytoscape !== "function") {
    return;
  }
  var elements = JSON.parse(data.textContent);
  var figure = canvas.closest(".cluster-figure");

  // Labels are drawn at 14 px; never zooming out below 12/14 keeps them at 12 px or more.
  var LABEL_SIZE = 14;
  var MIN_ZOOM = 12 / LABEL_SIZE;

  var style = [
    {
      selector: "node",
      style: {
        label: "data(label)",
        "font-size": LABEL_SIZE,
        "font-family": "ui-monospace, monospace",
        color: "#1a1a1a",
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": 2,
        "border-width": 2,
        "border-color": "#333333",
        width: 22,
        height: 22,
      },
    },
    {
      selector: "node[kind = 'report'], node[kind = 'start'], node[kind = 'restricted']",
      style: {
        shape: "round-rectangle",
        width: 150,
        height: 34,
        "text-valign": "center",
        "text-margin-y": 0,
        "text-background-opacity": 0,
        "background-color": "#e8f0fb",
        "border-color": "#1d4f91",
      },
    },
    { selector: "node[kind = 'start']", style: { "border-width": 5 } },
    {
      selector: "node[kind = 'restricted']",
      style: { "background-color": "#f2f2f2", "border-color": "#5c5c5c", "border-style": "dashed" },
    },
    { selector: "node[kind = 'indicator']", style: { shape: "ellipse", "background-color": "#f0a500" } },
    {
      selector: "node[kind = 'confirmed']",
      style: { shape: "diamond", width: 28, height: 28, "background-color": "#b00020" },
    },
    {
      selector: "node[kind = 'hidden']",
      style: { shape: "ellipse", "background-color": "#ffffff", "border-style": "dashed" },
    },
    { selector: "node[url != '']", style: { "overlay-padding": 4 } },
    {
      selector: "edge",
      style: { width: 2, "line-color": "#6b6b6b", "curve-style": "straight" },
    },
    { selector: "node:selected", style: { "overlay-color": "#1d4f91", "overlay-opacity": 0.2 } },
  ];

  figure.querySelector(".cluster-drawing").hidden = true;
  figure.querySelector(".cluster-explorer").hidden = false;
  figure.querySelector(".cluster-help").hidden = false;

  var graph = window.cytoscape({
    container: canvas,
    elements: elements,
    style: style,
    layout: { name: "preset", fit: true, padding: 24 },
    minZoom: MIN_ZOOM,
    maxZoom: 3,
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
  if (graph.zoom() < MIN_ZOOM) {
    graph.zoom(MIN_ZOOM);
    graph.center();
  }

  graph.on("tap", "node", function (event) {
    var url = event.target.data("url");
    if (url) {
      window.location.assign(url);
    }
  });
  graph.on("mouseover", "node", function (event) {
    canvas.title = event.target.data("title");
    canvas.classList.toggle("is-link", Boolean(event.target.data("url")));
  });
  graph.on("mouseout", "node", function () {
    canvas.title = "";
    canvas.classList.remove("is-link");
  });

  figure.querySelector(".cluster-controls").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-zoom]");
    if (!button) {
      return;
    }
    var action = button.getAttribute("data-zoom");
    if (action === "fit") {
      graph.fit(undefined, 24);
      return;
    }
    var centre = { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 };
    graph.zoom({ level: graph.zoom() * (action === "in" ? 1.25 : 0.8), renderedPosition: centre });
  });

  // For the browser tests, and for anyone exploring from the console.
  window.vigilanceGraph = graph;
})();
