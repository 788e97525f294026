import dagre from '@dagrejs/dagre';

const WIDTH = 236;
const HEIGHT = 90;

/** Top-to-bottom positions for every node, from dagre, as {id: [x, y]} (top-left corners). */
export function tidyPositions(nodes, edges) {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 70, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    graph.setNode(node.id, { width: node.dimensions?.width || WIDTH, height: node.dimensions?.height || HEIGHT });
  }
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return Object.fromEntries(nodes.map((node) => {
    const placed = graph.node(node.id);
    return [node.id, [Math.round(placed.x - placed.width / 2), Math.round(placed.y - placed.height / 2)]];
  }));
}
