// The query page: YASGUI on this server's /sparql, one tab per named query,
// and a "Network" result view for results that hold relations.
// Text from the graph is only ever set as textContent or as vis-network
// string titles (shown as text), never as HTML.
(function () {
  "use strict";

  const queries = JSON.parse(document.getElementById("kg-named-queries").textContent);
  const endpoint = new URL("/sparql", window.location.href).href;
  const relationNames = new Set(["leader_of", "official_of", "member_of", "allied_with", "located_in", "met",
    "visited", "signed_agreement_with", "supports", "provided_aid_to", "deployed_forces_to", "attacked",
    "invaded", "threatened", "sanctioned", "condemned"]);
  const entityPrefix = "https://w3id.org/kg-news/id/entity/";

  function relationOf(cell) {
    if (!cell) return null;
    const name = cell.type === "uri" ? cell.value.split("#").pop() : cell.value;
    return relationNames.has(name) ? name : null;
  }

  function isNodeCell(cell) {
    if (!cell) return false;
    if (cell.type === "uri") return true;
    const datatype = cell.datatype || "";
    return cell.type === "literal" && cell.value.length <= 80 && !/integer|decimal|double|date|gYear/.test(datatype);
  }

  // Which columns make a relation: two entity columns and, if any, one naming the relation.
  function relationColumns(variables, bindings) {
    const sample = bindings.slice(0, 50);
    const relation = variables.find((v) => sample.length && sample.every((row) => !row[v] || relationOf(row[v])));
    const nodes = variables.filter((v) => v !== relation && sample.length &&
      sample.every((row) => row[v] === undefined || isNodeCell(row[v])) && sample.some((row) => row[v]));
    return nodes.length >= 2 ? { from: nodes[0], to: nodes[1], relation } : null;
  }

  function nodeLabel(cell) {
    if (cell.type !== "uri") return cell.value;
    return cell.value.startsWith(entityPrefix) ? cell.value.slice(entityPrefix.length) : cell.value;
  }

  class NetworkPlugin {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 5;
      this.label = "Network";
    }

    columns() {
      const results = this.yasr.results;
      if (!results || results.getType() !== "json" || !results.getVariables) return null;
      const variables = results.getVariables() || [];
      const bindings = results.getBindings() || [];
      return bindings.length ? relationColumns(variables, bindings) : null;
    }

    canHandleResults() {
      return Boolean(window.vis && this.columns());
    }

    draw() {
      const columns = this.columns();
      const nodes = new Map();
      const edges = [];
      for (const row of this.yasr.results.getBindings().slice(0, 3000)) {
        const from = row[columns.from];
        const to = row[columns.to];
        if (!from || !to) continue;
        for (const cell of [from, to]) {
          if (!nodes.has(cell.value)) {
            nodes.set(cell.value, { id: cell.value, label: nodeLabel(cell), title: cell.value });
          }
        }
        const relation = columns.relation ? relationOf(row[columns.relation]) : "";
        edges.push({ from: from.value, to: to.value, label: relation || "", arrows: "to",
          title: `${nodeLabel(from)} ${relation || "—"} ${nodeLabel(to)}` });
      }
      const box = document.createElement("div");
      box.className = "kg-result-network";
      this.yasr.resultsEl.appendChild(box);
      const network = new vis.Network(box, { nodes: [...nodes.values()], edges }, {
        nodes: { shape: "dot", size: 10 },
        edges: { font: { size: 10, align: "middle" }, color: { inherit: false } },
        physics: { stabilization: { iterations: 150 } },
        interaction: { hover: true },
        layout: { improvedLayout: nodes.size < 150 },
      });
      network.on("doubleClick", (event) => {
        const id = event.nodes[0];
        if (id && id.startsWith(entityPrefix)) {
          window.location.href = "/entity/" + encodeURIComponent(id.slice(entityPrefix.length));
        }
      });
      window.kgResultNetwork = network;
    }

    getIcon() {
      const icon = document.createElement("span");
      icon.textContent = "⋰";
      return icon;
    }
  }

  function startEditor() {
    const element = document.getElementById("yasgui");
    if (!element || !window.Yasgui) return;
    // Only completions that need no other host (no LOV lookups).
    Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(
      (name) => name !== "property" && name !== "class");
    Yasgui.Yasr.registerPlugin("network", NetworkPlugin);
    const yasgui = new Yasgui(element, {
      requestConfig: { endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      persistenceId: null,
      populateFromUrl: false,
      endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    });
    queries.forEach((query, index) => {
      const config = { name: query.name, yasqe: { value: query.query }, requestConfig: { endpoint, method: "POST" } };
      if (index === 0) {
        const tab = yasgui.getTab();
        tab.setName(query.name);
        tab.setQuery(query.query);
      } else {
        yasgui.addTab(false, config);
      }
    });
    window.kgYasgui = yasgui;
  }

  function startPlainForm() {
    const select = document.getElementById("named-query");
    const form = document.getElementById("plain-query");
    if (!select || !form) return;
    select.addEventListener("change", () => {
      form.elements.query.value = queries[Number(select.value)].query;
    });
  }

  startEditor();
  startPlainForm();
})();
